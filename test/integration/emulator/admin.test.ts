import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MCA_TEMPLATE_ID, startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { call } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';

const SGL = WELL_KNOWN[0]!.id;
let emu: Emulator;
let token: string;
emulatorPerFile((e, t) => {
  emu = e;
  token = t;
});

const admin = (path: string, body?: unknown) => call(emu.url, 'POST', `/_emulator/${path}`, body === undefined ? {} : { body });
const body = (dateAgreed = new Date(Date.now() - 60_000).toISOString()) => ({
  primaryContact: { firstName: 'Hélène', lastName: 'Moreau', email: 'helene.moreau@example.com' },
  templateId: MCA_TEMPLATE_ID, dateAgreed, type: 'MicrosoftCustomerAgreement',
});

/** Raw request that reports how the connection ended: a response, or a socket error. */
function rawGet(path: string, headers: Record<string, string>, timeoutMs = 2000): Promise<{ kind: 'response'; status: number; body: string; complete: boolean } | { kind: 'error'; code: string }> {
  return new Promise((resolve) => {
    const req = request(`${emu.url}${path}`, { headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, body: data, complete: res.complete }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'error', code: e.code ?? e.message }));
      res.on('aborted', () => resolve({ kind: 'error', code: 'ABORTED' }));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'error', code: e.code ?? e.message }));
    req.end();
  });
}

type RawResult = Awaited<ReturnType<typeof rawGet>>;

/** How a raw request ended, as one value to assert on. */
function outcomeOf(r: RawResult): 'error' | `${'complete' | 'incomplete'}-${'json' | 'unparseable'}` {
  if (r.kind === 'error') return 'error';
  let json = true;
  try {
    JSON.parse(r.body);
  } catch {
    json = false;
  }
  return `${r.complete ? 'complete' : 'incomplete'}-${json ? 'json' : 'unparseable'}`;
}

describe('cross-cutting behaviour of /v1', () => {
  it('holds customer list pages after the number asked until a later hold lets them go; other routes answer meanwhile', async () => {
    const list = (size: number) => call(emu.url, 'GET', `/v1/customers?size=${size}`, { token });
    expect((await admin('hold', { customerPages: 1 })).status).toBe(200);
    try {
      expect((await list(5)).status).toBe(200);
      let answered = false;
      const held = list(5).then((r) => ((answered = true), r));
      // Not answered while held, though another route is.
      expect((await call(emu.url, 'GET', `/v1/customers/${SGL}`, { token })).status).toBe(200);
      expect(answered).toBe(false);
      expect((await admin('hold', { customerPages: null })).status).toBe(200);
      expect((await held).status).toBe(200);
      expect((await admin('hold', { customerPages: -1 })).status).toBe(400);
    } finally {
      await admin('hold', { customerPages: null });
    }
  });

  it('echoes MS-RequestId and MS-CorrelationId, and generates them when absent', async () => {
    const headers = { 'MS-RequestId': '11111111-2222-4333-8444-555555555555', 'MS-CorrelationId': '66666666-7777-4888-8999-000000000000' };
    for (const [method, path] of [['GET', '/v1/customers?size=1'], ['GET', '/v1/customers/nope'], ['GET', '/v1/nothing-here']] as const) {
      const res = await call(emu.url, method, path, { token, headers });
      expect(res.headers.get('MS-RequestId')).toBe(headers['MS-RequestId']);
      expect(res.headers.get('MS-CorrelationId')).toBe(headers['MS-CorrelationId']);
    }
    const unauth = await call(emu.url, 'GET', '/v1/customers', { headers });
    expect(unauth.headers.get('MS-RequestId')).toBe(headers['MS-RequestId']);
    const generated = await call(emu.url, 'GET', '/v1/customers?size=1', { token });
    expect(generated.headers.get('MS-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('MS-CorrelationId')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('401 without a valid bearer token on every /v1 route', async () => {
    for (const path of ['/v1/customers', `/v1/customers/${SGL}`, '/v1/agreements', `/v1/customers/${SGL}/agreements`, '/v1/unknown']) {
      const none = await call(emu.url, 'GET', path);
      expect(none.status).toBe(401);
      expect(none.json).toMatchObject({ code: '401', data: [], source: 'PartnerCenter' });
      expect(none.headers.get('WWW-Authenticate')).toBe('Bearer');
      expect((await call(emu.url, 'GET', path, { token: 'emu.forged' })).status).toBe(401);
      expect((await call(emu.url, 'GET', path, { headers: { Authorization: token } })).status).toBe(401);
    }
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { body: body() })).status).toBe(401);
  });

  it('404 for unknown routes and 405 (with Allow) for wrong methods', async () => {
    const unknown = await call(emu.url, 'GET', '/v1/partners/nothing', { token });
    expect(unknown.status).toBe(404);
    expect(unknown.json.source).toBe('PartnerCenter');
    expect((await call(emu.url, 'GET', '/', { token })).status).toBe(404);
    const wrong = await call(emu.url, 'DELETE', `/v1/customers/${SGL}/agreements`, { token });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('Allow')).toBe('GET, POST');
    expect((await call(emu.url, 'PUT', '/v1/agreements', { token })).status).toBe(405);
  });

  it('agreement endpoints are absent outside the public cloud; customers still answer', async () => {
    const other = await startEmulator({ port: 0, cloud: 'china' });
    try {
      const t = other.issueToken();
      for (const path of ['/v1/agreements?agreementType=MicrosoftCustomerAgreement', `/v1/customers/${SGL}/agreements`, `/v1/customers/${SGL}/directSignedMicrosoftCustomerAgreementStatus`]) {
        const res = await call(other.url, 'GET', path, { token: t });
        expect(res.status).toBe(404);
        expect(res.json).toMatchObject({ code: '404', source: 'PartnerCenter' });
      }
      expect((await call(other.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: t, body: body() })).status).toBe(404);
      expect((await call(other.url, 'GET', `/v1/customers/${SGL}`, { token: t })).status).toBe(200);
      expect((await call(other.url, 'GET', '/_emulator/state')).json.cloud).toBe('china');
    } finally {
      await other.close();
    }
  });
});

describe('admin API', () => {
  it('issues tokens for a role with the sandbox user', async () => {
    const res = await admin('token', { role: 'SalesAgent' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accessToken: expect.any(String), role: 'SalesAgent', userId: expect.stringMatching(/^[0-9a-f-]{36}$/), displayName: expect.any(String) });
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: res.json.accessToken })).status).toBe(200);
    expect((await admin('token', { role: 'Janitor' })).status).toBe(400);
    const unknownField = await admin('token', { rol: 'AdminAgent' });
    expect(unknownField.status).toBe(400);
  });

  it('reports state counts', async () => {
    const res = await call(emu.url, 'GET', '/_emulator/state');
    expect(res.json).toMatchObject({ customers: 300, writes: 0, role: 'AdminAgent', cloud: 'public', offline: false, clockSkewMs: 0 });
    expect(res.json.agreements).toBeGreaterThan(50);
    expect(res.json.directSigned).toBeGreaterThan(40);
    await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: body() });
    const after = await call(emu.url, 'GET', '/_emulator/state');
    expect(after.json.agreements).toBe(res.json.agreements + 1);
    expect(after.json.writes).toBe(1);
  });

  it('logs every write with time, method, path, ids, body, status and error code', async () => {
    const headers = { 'MS-RequestId': 'aaaaaaaa-0000-4000-8000-000000000001', 'MS-CorrelationId': 'cccccccc-0000-4000-8000-000000000001' };
    await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, headers, body: body() });
    await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: body() });
    await call(emu.url, 'GET', '/v1/customers?size=1', { token });
    const writes = await call(emu.url, 'GET', '/_emulator/writes');
    expect(writes.json.items).toHaveLength(2);
    expect(writes.json.items[0]).toMatchObject({ method: 'POST', path: `/v1/customers/${SGL}/agreements`, requestId: headers['MS-RequestId'], correlationId: headers['MS-CorrelationId'], status: 201, errorCode: null, body: body(writes.json.items[0].body.dateAgreed) });
    expect(Date.parse(writes.json.items[0].time)).not.toBeNaN();
    expect(writes.json.items[1]).toMatchObject({ status: 400, errorCode: 600061 });
  });

  it('reset restores the seeded state', async () => {
    await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: body() });
    await admin('role', { role: 'HelpdeskAgent' });
    expect((await call(emu.url, 'GET', `/v1/customers/${SGL}/agreements?agreementType=*`, { token })).json.totalCount).toBe(1);
    await admin('reset');
    expect((await call(emu.url, 'GET', `/v1/customers/${SGL}/agreements?agreementType=*`, { token })).json.totalCount).toBe(0);
    const state = await call(emu.url, 'GET', '/_emulator/state');
    expect(state.json).toMatchObject({ writes: 0, role: 'AdminAgent' });
  });

  it('role switches the default-role tokens: 403 900150 for HelpdeskAgent, explicit-role tokens unaffected', async () => {
    const followToken = emu.issueToken();
    const fixedAdmin = emu.issueToken('AdminAgent');
    await admin('role', { role: 'HelpdeskAgent' });
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: followToken, body: body() });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe(900150);
    expect((await call(emu.url, 'GET', `/v1/customers/${SGL}`, { token: followToken })).status).toBe(200);
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: fixedAdmin, body: body() })).status).toBe(201);
    expect((await admin('role', { role: 'Nobody' })).status).toBe(400);
  });

  it('clock skew makes a date valid or invalid (600002)', async () => {
    const inTwoHours = new Date(Date.now() + 2 * 3600_000).toISOString();
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: body(inTwoHours) })).json.code).toBe(600002);
    await admin('clock', { skewMs: 3 * 3600_000 });
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: body(inTwoHours) })).status).toBe(201);
    // server behind the client: a date one minute ago (client time) is "in the future"
    await admin('clock', { skewMs: -5 * 60_000 });
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...body(new Date(Date.now() - 60_000).toISOString()), primaryContact: { firstName: 'A', lastName: 'B', email: 'a.b@example.com' } } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(600002);
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.clockSkewMs).toBe(-5 * 60_000);
  });

  it('throttle: 429 with Retry-After in seconds and the documented body', async () => {
    await admin('throttle', { perPartner: 3 });
    const results = await Promise.all(Array.from({ length: 8 }, () => call(emu.url, 'GET', '/v1/customers?size=1', { token })));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    const r = limited[0]!;
    expect(r.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(r.json).toEqual({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${r.headers.get('Retry-After')} seconds.` });
    expect(Object.keys(r.json)).toEqual(['statusCode', 'message']);
  });

  it('throttle: Retry-After as an HTTP date, and per-customer limits', async () => {
    await admin('throttle', { perPartner: 0, perCustomer: 2, retryAfterFormat: 'http-date' });
    const one = await Promise.all(Array.from({ length: 5 }, () => call(emu.url, 'GET', `/v1/customers/${SGL}`, { token })));
    const limited = one.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    const ra = limited[0]!.headers.get('Retry-After')!;
    expect(ra).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(ra)).toBeGreaterThan(Date.now() - 1000);
    // other customers and the list are not limited by SGL's budget
    expect((await call(emu.url, 'GET', `/v1/customers/${WELL_KNOWN[1]!.id}`, { token })).status).toBe(200);
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token })).status).toBe(200);
    expect((await admin('throttle', { perPartner: -1 })).status).toBe(400);
  });

  it('faults 500 and 503 answer with error bodies', async () => {
    await admin('faults', { rate: 1, kinds: ['500'] });
    const r500 = await call(emu.url, 'GET', '/v1/customers?size=1', { token });
    expect(r500.status).toBe(500);
    expect(r500.json.source).toBe('PartnerCenter');
    await admin('faults', { rate: 1, kinds: ['503'] });
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token })).status).toBe(503);
    await admin('faults', { rate: 0 });
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token })).status).toBe(200);
    expect((await admin('faults', { rate: 2 })).status).toBe(400);
    expect((await admin('faults', { rate: 0.5, kinds: ['fire'] })).status).toBe(400);
  });

  it('fault reset destroys the socket, truncated sends half a body, bad-json sends 200 with invalid JSON', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    await admin('faults', { rate: 1, kinds: ['reset'] });
    expect(await rawGet('/v1/customers?size=5', auth)).toMatchObject({ kind: 'error' });
    await admin('faults', { rate: 1, kinds: ['truncated'] });
    // The socket dies mid-body: the client sees a socket error, or (when the end raced ahead) an
    // incomplete body. Never a complete, parseable answer.
    const truncated = await rawGet('/v1/customers?size=5', auth);
    expect(outcomeOf(truncated)).toMatch(/^(error|incomplete-unparseable)$/);
    await expect(call(emu.url, 'GET', '/v1/customers?size=5', { token })).rejects.toThrow();
    await admin('faults', { rate: 1, kinds: ['bad-json'] });
    const bad = await rawGet('/v1/customers?size=5', auth);
    expect(bad).toMatchObject({ kind: 'response', status: 200, complete: true });
    expect(outcomeOf(bad)).toBe('complete-unparseable');
  });

  it('fault timeout never answers until the client gives up', async () => {
    await admin('faults', { rate: 1, kinds: ['timeout'] });
    const t0 = Date.now();
    const res = await rawGet('/v1/customers?size=5', { Authorization: `Bearer ${token}` }, 400);
    expect(res).toEqual({ kind: 'error', code: 'CLIENT_TIMEOUT' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
  });

  it('faults do not apply to the admin API', async () => {
    await admin('faults', { rate: 1, kinds: ['reset'] });
    expect((await call(emu.url, 'GET', '/_emulator/state')).status).toBe(200);
  });

  it('offline drops /v1 connections while the admin API stays reachable, and comes back', async () => {
    expect((await admin('offline', { on: true })).json.offline).toBe(true);
    await expect(call(emu.url, 'GET', '/v1/customers?size=1', { token })).rejects.toThrow();
    expect(await rawGet('/v1/customers?size=1', { Authorization: `Bearer ${token}` })).toMatchObject({ kind: 'error' });
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.offline).toBe(true);
    await admin('offline', { on: false });
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token })).status).toBe(200);
    expect((await admin('offline', { on: 'yes' })).status).toBe(400);
  });

  it('latency delays each /v1 response', async () => {
    const slow = await startEmulator({ port: 0, latencyMs: 150 });
    try {
      const t0 = Date.now();
      expect((await call(slow.url, 'GET', '/v1/customers?size=1', { token: slow.issueToken() })).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
      const t1 = Date.now();
      await call(slow.url, 'GET', '/_emulator/state');
      expect(Date.now() - t1).toBeLessThan(145);
    } finally {
      await slow.close();
    }
  });

  it('a read waiting out its latency when the emulator goes offline gets no answer', async () => {
    // Long enough that the test turns offline well before the answer is due, whatever the load.
    const slow = await startEmulator({ port: 0, latencyMs: 2_000 });
    try {
      const requests = async () => (await call(slow.url, 'GET', '/_emulator/state')).json.requests as number;
      const before = await requests();
      const read = call(slow.url, 'GET', '/v1/customers?size=1', { token: slow.issueToken() });
      read.catch(() => undefined);
      await expect.poll(requests).toBe(before + 1);
      await call(slow.url, 'POST', '/_emulator/offline', { body: { on: true } });
      await expect(read).rejects.toThrow();
    } finally {
      await slow.close();
    }
  });

  it('admin routes: 404 unknown, 405 wrong method, 400 bad JSON', async () => {
    expect((await call(emu.url, 'GET', '/_emulator/nothing')).status).toBe(404);
    expect((await call(emu.url, 'POST', '/_emulator/state')).status).toBe(405);
    expect((await call(emu.url, 'POST', '/_emulator/clock', { rawBody: '{' })).status).toBe(400);
  });
});

describe('hostile conditions', () => {
  it('with faults at 30%, paging through 10,000 customers with retries returns each exactly once', async () => {
    const e = await startEmulator({ port: 0, customers: 10_000, seed: 5 });
    try {
      const t = e.issueToken();
      await call(e.url, 'POST', '/_emulator/faults', { body: { rate: 0.3 } });
      let failedAttempts = 0;
      const get = async (path: string, headers: Record<string, string>) => {
        for (let attempt = 0; attempt < 50; attempt++) {
          try {
            const res = await call(e.url, 'GET', path, { token: t, headers, signal: AbortSignal.timeout(250) });
            if (res.status === 200 && res.json) return res.json;
          } catch {
            // reset, truncated or timeout: retry
          }
          failedAttempts++;
        }
        throw new Error('too many failures');
      };
      const ids: string[] = [];
      let page = await get('/v1/customers?size=500', {});
      let nextPages = 0;
      for (;;) {
        ids.push(...page.items.map((i: any) => i.id));
        const next = page.links.next;
        if (!next) break;
        page = await get(next.uri, { 'MS-ContinuationToken': next.headers[0].value });
        nextPages++;
      }
      expect(ids).toHaveLength(10_000);
      expect(new Set(ids).size).toBe(10_000);
      expect(nextPages).toBe(19);
      expect(failedAttempts).toBeGreaterThan(2);
    } finally {
      await e.close();
    }
  });
});

describe('request counter', () => {
  it('counts every /v1 request, refused and throttled ones included, and resets', async () => {
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.requests).toBe(0);
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token })).status).toBe(200);
    expect((await call(emu.url, 'GET', '/v1/customers?size=1')).status).toBe(401);
    await call(emu.url, 'GET', '/_emulator/writes');
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.requests).toBe(2);
    await call(emu.url, 'POST', '/_emulator/reset');
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.requests).toBe(0);
  });
});
