/**
 * The Partner Center client against the real emulator over real HTTP on loopback.
 * Every endpoint, every documented error, paging under faults, throttling, timeouts, offline.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index';
import {
  createPartnerCenterClient,
  Pacer,
  PartnerCenterError,
  type CreateAgreementRequest,
  type CustomerListItem,
  type ListCustomersOptions,
  type PageCursor,
  type PartnerCenterClient,
  type PartnerCenterClientOptions,
} from '../../../src/main/core/partner-center/index';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const MCA = 'MicrosoftCustomerAgreement';
const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';

// ---------------------------------------------------------------------------------------------
// Helpers

async function admin(emu: Emulator, action: string, body: unknown): Promise<void> {
  const res = await fetch(`${emu.url}/_emulator/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${action} failed: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
}

interface WriteLogEntry {
  method: string;
  path: string;
  requestId: string;
  correlationId: string;
  status: number | null;
  errorCode: string | number | null;
  fault?: string;
}

async function writes(emu: Emulator): Promise<WriteLogEntry[]> {
  const res = await fetch(`${emu.url}/_emulator/writes`);
  return ((await res.json()) as { items: WriteLogEntry[] }).items;
}

interface Exchange {
  url: string;
  sent: Headers;
  received?: Headers;
}

/** Node's fetch, recording the headers sent and received. */
function recordingFetch(): { fetch: typeof globalThis.fetch; log: Exchange[] } {
  const log: Exchange[] = [];
  const recording: typeof globalThis.fetch = async (input, init) => {
    const entry: Exchange = { url: String(input), sent: new Headers(init?.headers) };
    log.push(entry);
    const res = await fetch(input, init);
    entry.received = res.headers;
    return res;
  };
  return { fetch: recording, log };
}

function clientFor(emu: Emulator, token: string, extra: Partial<PartnerCenterClientOptions> = {}): PartnerCenterClient {
  return createPartnerCenterClient({ baseUrl: emu.url, getAccessToken: async () => token, ...extra });
}

/** Await a call expected to fail, and return its PartnerCenterError. */
async function pcError(promise: Promise<unknown>): Promise<PartnerCenterError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PartnerCenterError);
    return err as PartnerCenterError;
  }
  throw new Error('expected a PartnerCenterError, but the call succeeded');
}

/**
 * Pages through all customers like the sync engine would: a page that fails with a retryable
 * error is fetched again from the last good page's `next` cursor (the client never retries).
 */
async function listAllWithRetries(
  client: PartnerCenterClient,
  options: ListCustomersOptions,
  maxFailures = 1000,
): Promise<{ items: CustomerListItem[]; failures: PartnerCenterError[] }> {
  const items: CustomerListItem[] = [];
  const failures: PartnerCenterError[] = [];
  let resumeFrom: PageCursor | undefined;
  const correlationId = randomUUID();
  for (;;) {
    try {
      for await (const page of client.listCustomers({ ...options, resumeFrom }, { correlationId })) {
        items.push(...page.items);
        resumeFrom = page.next;
      }
      return { items, failures };
    } catch (err) {
      if (!(err instanceof PartnerCenterError) || !err.retryable || failures.length >= maxFailures) throw err;
      failures.push(err);
    }
  }
}

function agreementBody(overrides: Partial<CreateAgreementRequest> = {}): CreateAgreementRequest {
  const tag = randomUUID().slice(0, 8);
  return {
    primaryContact: { firstName: 'Tania', lastName: `Carr-${tag}`, email: `tania.${tag}@example.com`, phoneNumber: '1234567890' },
    templateId: MCA_TEMPLATE_ID,
    dateAgreed: new Date(Date.now() - 24 * 3600_000).toISOString(),
    type: MCA,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------

describe('Partner Center client against the emulator', () => {
  let emu: Emulator;
  let token: string;
  let client: PartnerCenterClient;
  let customers: CustomerListItem[];
  /** Hands out a different customer to each test that writes, so tests do not interfere. */
  let nextCustomer = 0;
  const freshCustomer = () => {
    const c = customers[50 + nextCustomer++];
    if (!c) throw new Error('ran out of customers');
    return c;
  };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 7, customers: 300 });
    token = emu.issueToken();
    client = clientFor(emu, token);
    const { items } = await listAllWithRetries(client, { pageSize: 100 }, 0);
    customers = items;
  });

  afterEach(async () => {
    await admin(emu, 'faults', { rate: 0 });
    await admin(emu, 'offline', { on: false });
    await admin(emu, 'throttle', { perPartner: 0, perCustomer: 0 });
    await admin(emu, 'role', { role: 'AdminAgent' });
  });

  afterAll(async () => {
    await emu?.close();
  });

  describe('customers', () => {
    it('pages lazily through every customer exactly once', async () => {
      const seen = new Map<string, number>();
      let pages = 0;
      for await (const page of client.listCustomers({ pageSize: 37 })) {
        pages++;
        expect(page.items.length).toBeLessThanOrEqual(37);
        for (const c of page.items) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
      }
      expect(seen.size).toBe(300);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      expect(pages).toBe(Math.ceil(300 / 37));
    });

    it('stops fetching when the consumer stops iterating', async () => {
      const { fetch, log } = recordingFetch();
      const c = clientFor(emu, token, { fetch });
      for await (const page of c.listCustomers({ pageSize: 10 })) {
        expect(page.next).toBeDefined();
        break;
      }
      expect(log).toHaveLength(1);
    });

    it('filters by company-name and domain prefix, case-insensitively', async () => {
      const target = customers.find((c) => c.companyProfile.companyName.length >= 3);
      if (!target) throw new Error('no customer with a long enough name');
      const prefix = target.companyProfile.companyName.slice(0, 3);
      const expected = customers.filter((c) => c.companyProfile.companyName.toLowerCase().startsWith(prefix.toLowerCase()));

      const got: CustomerListItem[] = [];
      for await (const page of client.listCustomers({ pageSize: 5, filter: { field: 'CompanyName', value: prefix.toUpperCase() } })) {
        got.push(...page.items);
      }
      expect(got.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());

      const domainPrefix = target.companyProfile.domain.slice(0, 4);
      const byDomain: CustomerListItem[] = [];
      for await (const page of client.listCustomers({ filter: { field: 'Domain', value: domainPrefix } })) byDomain.push(...page.items);
      expect(byDomain.map((c) => c.id)).toContain(target.id);
      expect(byDomain.every((c) => c.companyProfile.domain.startsWith(domainPrefix))).toBe(true);
    });

    it('gets a customer by id with company and billing profile', async () => {
      const target = customers[3]!;
      const full = await client.getCustomer(target.id);
      expect(full.id).toBe(target.id);
      expect(full.companyProfile.companyName).toBe(target.companyProfile.companyName);
      expect(full.companyProfile.tenantId).toBe(target.id);
      expect(full.billingProfile?.email).toMatch(/@/);
    });

    it('maps an unknown customer to not-found (404), not retryable', async () => {
      const err = await pcError(client.getCustomer(randomUUID()));
      expect(err).toMatchObject({ kind: 'not-found', httpStatus: 404, retryable: false, signInNeeded: false });
      expect(err.code).toBeDefined();
      expect(err.correlationId).toBeDefined();
    });
  });

  describe('agreements', () => {
    it('reads the MCA template id, sending agreementType explicitly', async () => {
      const { fetch, log } = recordingFetch();
      const templates = await clientFor(emu, token, { fetch }).getAgreementTemplates(MCA);
      expect(templates.map((t) => t.templateId)).toContain(MCA_TEMPLATE_ID);
      expect(templates.every((t) => t.agreementType === MCA)).toBe(true);
      expect(new URL(log[0]!.url).searchParams.get('agreementType')).toBe(MCA);
    });

    it('reads partner confirmations and direct-signed status across the seed’s mixed states', async () => {
      let withRecords = 0;
      let signedDirectly = 0;
      for (const c of customers.slice(0, 40)) {
        const records = await client.getCustomerAgreements(c.id, MCA);
        const direct = await client.getDirectSignedStatus(c.id);
        if (records.length > 0) withRecords++;
        if (direct.isSigned) signedDirectly++;
        for (const r of records) {
          expect(r.type).toBe(MCA);
          expect(r.dateAgreed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(r.primaryContact.email).toMatch(/@/);
        }
      }
      expect(withRecords).toBeGreaterThan(0);
      expect(signedDirectly).toBeGreaterThan(0);
    });

    it('creates a confirmation (201 with userId) that then reads back', async () => {
      const customer = freshCustomer();
      const body = agreementBody();
      const created = await client.createAgreement(customer.id, body);
      expect(created.userId).toBeTruthy();
      expect(created.primaryContact).toEqual(body.primaryContact);
      expect(created.templateId).toBe(MCA_TEMPLATE_ID);
      const records = await client.getCustomerAgreements(customer.id, MCA);
      expect(records.filter((r) => r.primaryContact.email === body.primaryContact.email)).toHaveLength(1);
    });

    it('rejects the same contact twice with 600061', async () => {
      const customer = freshCustomer();
      const body = agreementBody();
      await client.createAgreement(customer.id, body);
      const err = await pcError(client.createAgreement(customer.id, body));
      expect(err).toMatchObject({
        kind: 'rejected',
        code: '600061',
        errorName: 'PartnerConfirmedAgreementAlreadyExists',
        retryable: false,
      });
      expect(err.httpStatus).toBeGreaterThanOrEqual(400);
    });

    it('rejects a future acceptance date with 600002', async () => {
      const customer = freshCustomer();
      const future = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
      const err = await pcError(client.createAgreement(customer.id, agreementBody({ dateAgreed: future })));
      expect(err).toMatchObject({ kind: 'rejected', code: '600002', retryable: false });
      expect(err.message).toMatch(/cannot be greater than the current date/);
    });

    it('refuses a HelpdeskAgent with 403 900150', async () => {
      const helpdesk = clientFor(emu, emu.issueToken('HelpdeskAgent'));
      const err = await pcError(helpdesk.createAgreement(freshCustomer().id, agreementBody()));
      expect(err).toMatchObject({ kind: 'forbidden', httpStatus: 403, code: '900150', retryable: false, signInNeeded: false });
    });
  });

  describe('failures', () => {
    it('maps a missing or unknown token to unauthorized with signInNeeded', async () => {
      for (const bad of ['', 'not-a-token']) {
        const err = await pcError(clientFor(emu, bad).getCustomer(customers[0]!.id));
        expect(err).toMatchObject({ kind: 'unauthorized', httpStatus: 401, retryable: false, signInNeeded: true });
      }
    });

    it.each(['seconds', 'http-date'] as const)('maps 429 with Retry-After as %s to throttled with retryAt', async (format) => {
      await admin(emu, 'throttle', { perPartner: 2, retryAfterFormat: format });
      // A client of its own: a client that saw a 429 paces its later calls (and the shared one's must not be).
      const fresh = clientFor(emu, token);
      const before = new Date();
      const results = await Promise.allSettled(customers.slice(0, 10).map((c) => fresh.getDirectSignedStatus(c.id)));
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(errors.length).toBeGreaterThan(0);
      for (const err of errors) {
        expect(err).toBeInstanceOf(PartnerCenterError);
        expect(err).toMatchObject({ kind: 'throttled', httpStatus: 429, retryable: true });
        const retryAt = (err as PartnerCenterError).retryAt;
        expect(retryAt).toBeInstanceOf(Date);
        expect(retryAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
      }
    });

    it('after a 429, every client sharing a pacer waits for Retry-After and keeps under the limit it found', async () => {
      await admin(emu, 'throttle', { perPartner: 10 });
      const pacer = new Pacer();
      const [first, second] = [clientFor(emu, token, { pacer }), clientFor(emu, token, { pacer })];
      // No limit known yet: a burst, unpaced, finds the wall.
      const burst = await Promise.allSettled(customers.slice(0, 30).map((c) => first.getDirectSignedStatus(c.id)));
      expect(burst.some((r) => r.status === 'rejected')).toBe(true);
      expect(pacer.perSecond).toBeLessThan(10);
      // Both clients, four calls at a time, right after: every call answered, none refused.
      const lanes = [first, second, first, second].map(async (client, lane) => {
        const failures: unknown[] = [];
        for (const c of customers.slice(30 + lane * 6, 36 + lane * 6)) await client.getDirectSignedStatus(c.id).catch((error: unknown) => failures.push(error));
        return failures;
      });
      expect((await Promise.all(lanes)).flat()).toEqual([]);
    });

    it('maps a server that never answers to timeout, and a retry with the same MS-RequestId creates one record', async () => {
      const customer = freshCustomer();
      const body = agreementBody();
      const correlationId = randomUUID();
      const impatient = clientFor(emu, token, { timeoutMs: 300 });
      await admin(emu, 'faults', { rate: 1, kinds: ['timeout'] });
      const err = await pcError(impatient.createAgreement(customer.id, body, { correlationId }));
      expect(err).toMatchObject({ kind: 'timeout', retryable: true, correlationId });
      expect(err.requestId).toBeTruthy();

      await admin(emu, 'faults', { rate: 0 });
      const created = await impatient.createAgreement(customer.id, body, { correlationId, requestId: err.requestId });
      expect(created.primaryContact.email).toBe(body.primaryContact.email);
      const records = await client.getCustomerAgreements(customer.id, MCA);
      expect(records.filter((r) => r.primaryContact.email === body.primaryContact.email)).toHaveLength(1);
      const posts = (await writes(emu)).filter((w) => w.requestId === err.requestId);
      expect(posts.length).toBe(2);
    });

    it('maps an offline Partner Center to network, and probe follows reachability', async () => {
      expect(await client.probe()).toBe(true);
      await admin(emu, 'offline', { on: true });
      const err = await pcError(client.getCustomer(customers[0]!.id));
      expect(err).toMatchObject({ kind: 'network', retryable: true, signInNeeded: false });
      expect(err.httpStatus).toBeUndefined();
      expect(await client.probe()).toBe(false);
      await admin(emu, 'offline', { on: false });
      expect(await client.probe()).toBe(true);
    });

    it('probe says unreachable for a port nobody listens on', async () => {
      const other = await startEmulator({ port: 0, customers: 1 });
      const url = other.url;
      await other.close();
      const dead = createPartnerCenterClient({ baseUrl: url, getAccessToken: async () => 'x', timeoutMs: 2000 });
      expect(await dead.probe()).toBe(false);
      expect(await pcError(dead.getCustomer(randomUUID()))).toMatchObject({ kind: 'network' });
    });
  });

  describe('headers', () => {
    it('sends MS-RequestId and MS-CorrelationId on writes, as the emulator logs them', async () => {
      const customer = freshCustomer();
      const correlationId = randomUUID();
      const requestId = randomUUID();
      await client.createAgreement(customer.id, agreementBody(), { correlationId, requestId });
      const entry = (await writes(emu)).find((w) => w.requestId === requestId);
      expect(entry).toMatchObject({ method: 'POST', correlationId, status: 201 });
      expect(entry?.path).toContain(`/v1/customers/${customer.id}/agreements`);
    });

    it('sends the documented headers and gets the ids echoed back', async () => {
      const { fetch, log } = recordingFetch();
      const c = clientFor(emu, token, { fetch, locale: 'de-DE' });
      const correlationId = randomUUID();
      await c.getCustomer(customers[1]!.id, { correlationId });
      await c.getDirectSignedStatus(customers[1]!.id, { correlationId });
      expect(log).toHaveLength(2);
      for (const x of log) {
        expect(x.sent.get('ms-correlationid')).toBe(correlationId);
        expect(x.sent.get('authorization')).toBe(`Bearer ${token}`);
        expect(x.sent.get('x-locale')).toBe('de-DE');
        expect(x.sent.get('ms-partnercenter-application')).toBe('MCA Desk');
        expect(x.received?.get('ms-correlationid')).toBe(correlationId);
        expect(x.received?.get('ms-requestid')).toBe(x.sent.get('ms-requestid'));
      }
      expect(log[0]!.sent.get('ms-requestid')).not.toBe(log[1]!.sent.get('ms-requestid'));
    });

    it('puts the echoed request and correlation ids on errors', async () => {
      const correlationId = randomUUID();
      const requestId = randomUUID();
      const err = await pcError(client.getCustomer(randomUUID(), { correlationId, requestId }));
      expect(err).toMatchObject({ correlationId, requestId });
    });
  });
});

describe('paging 10,000 customers with 30% faults', () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 11, customers: 10_000 });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('returns each customer exactly once when failed pages are retried', async () => {
    await admin(emu, 'faults', { rate: 0.3, kinds: ['500', '503', 'reset', 'truncated', 'bad-json'] });
    const client = clientFor(emu, emu.issueToken(), { timeoutMs: 10_000 });
    const { items, failures } = await listAllWithRetries(client, { pageSize: 100 });

    const ids = new Set(items.map((c) => c.id));
    expect(items).toHaveLength(10_000);
    expect(ids.size).toBe(10_000);
    // The faults really happened, and each surfaced as a retryable error of the expected kind.
    expect(failures.length).toBeGreaterThan(0);
    const kinds = new Set(failures.map((f) => f.kind));
    for (const kind of kinds) expect(['server', 'network', 'bad-response']).toContain(kind);
    expect(kinds.size).toBeGreaterThan(1);
  }, 120_000);
});
