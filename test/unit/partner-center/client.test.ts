import { describe, expect, it } from 'vitest';
import {
  createPartnerCenterClient,
  PartnerCenterError,
  resolveUrl,
  type PartnerCenterClient,
} from '../../../src/main/core/partner-center/index';
import { fakeFetch } from '../../helpers/fake-fetch';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function client(fetch: typeof globalThis.fetch, timeoutMs = 1000): PartnerCenterClient {
  return createPartnerCenterClient({ baseUrl: 'http://pc.test/', getAccessToken: async () => 'tok', fetch, timeoutMs });
}

/** Never answers; rejects like fetch does when the signal aborts. */
function stalled(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise<Response>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason));
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('resolveUrl', () => {
  it('puts unversioned link URIs under /v1 and keeps versioned ones verbatim', () => {
    expect(resolveUrl('http://pc.test', '/customers?size=40')?.href).toBe('http://pc.test/v1/customers?size=40');
    expect(resolveUrl('http://pc.test/', '/v1/customers?seekOperation=Next')?.href).toBe(
      'http://pc.test/v1/customers?seekOperation=Next',
    );
    expect(resolveUrl('http://pc.test/api', 'v1/agreements')?.href).toBe('http://pc.test/api/v1/agreements');
  });

  it('follows absolute links on the same origin only', () => {
    expect(resolveUrl('http://pc.test', 'http://pc.test/v1/customers?x=1')?.href).toBe('http://pc.test/v1/customers?x=1');
    expect(resolveUrl('http://pc.test', 'https://evil.test/v1/customers')).toBeUndefined();
  });
});

describe('client over a fake fetch', () => {
  it('sends the documented headers and the caller’s correlation id', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { isSigned: false }));
    const status = await client(fetch).getDirectSignedStatus('c 1', { correlationId: 'corr-x' });
    expect(status).toEqual({ isSigned: false });
    const req = seen[0]!;
    expect(req.url).toBe('http://pc.test/v1/customers/c%201/directSignedMicrosoftCustomerAgreementStatus');
    expect(req.headers.get('authorization')).toBe('Bearer tok');
    expect(req.headers.get('accept')).toBe('application/json');
    expect(req.headers.get('x-locale')).toBe('en-US');
    expect(req.headers.get('ms-partnercenter-application')).toBe('MCA Desk');
    expect(req.headers.get('ms-correlationid')).toBe('corr-x');
    expect(req.headers.get('ms-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers.get('content-type')).toBeNull();
  });

  it('uses a new request id per call unless the caller passes one', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { isSigned: true }));
    const c = client(fetch);
    await c.getDirectSignedStatus('a');
    await c.getDirectSignedStatus('a');
    await c.getDirectSignedStatus('a', { requestId: 'again' });
    const ids = seen.map((r) => r.headers.get('ms-requestid'));
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe('again');
  });

  it('posts only the documented agreement fields with Content-Type', async () => {
    const { fetch, seen } = fakeFetch((req) => json(201, { ...JSON.parse(req.body ?? '{}'), userId: 'u' }));
    const body = {
      primaryContact: { firstName: 'A', lastName: 'B', email: 'a@b.test', phoneNumber: '' },
      templateId: 't',
      dateAgreed: '2024-01-02T00:00:00.000Z',
      type: 'MicrosoftCustomerAgreement',
      extra: 'not sent',
    };
    const created = await client(fetch).createAgreement('cid', body);
    expect(created.userId).toBe('u');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(seen[0]!.body ?? '')).toEqual({
      primaryContact: { firstName: 'A', lastName: 'B', email: 'a@b.test' },
      templateId: 't',
      dateAgreed: '2024-01-02T00:00:00.000Z',
      type: 'MicrosoftCustomerAgreement',
    });
  });

  it('pages lazily, following links.next with its headers, one correlation id for all pages', async () => {
    const item = (n: number) => ({
      id: `id-${n}`,
      companyProfile: { tenantId: `id-${n}`, domain: `d${n}.test`, companyName: `C${n}` },
      relationshipToPartner: 'reseller',
    });
    const { fetch, seen } = fakeFetch((req) => {
      const token = req.headers.get('ms-continuationtoken');
      if (!token) {
        return json(200, {
          totalCount: 3,
          items: [item(1), item(2)],
          links: { next: { uri: '/customers?seekOperation=Next', method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: 'T1' }] } },
        });
      }
      return json(200, { totalCount: 3, items: [item(3)] });
    });
    const pages = client(fetch).listCustomers({ pageSize: 2, filter: { field: 'CompanyName', value: 'C ó' } });
    const first = await pages.next();
    expect(seen).toHaveLength(1); // nothing fetched ahead of the consumer
    expect(seen[0]!.url).toBe(
      'http://pc.test/v1/customers?size=2&filter=' +
        encodeURIComponent('{"Field":"CompanyName","Value":"C ó","Operator":"starts_with"}'),
    );
    expect(first.value && first.value.next).toEqual({ uri: '/customers?seekOperation=Next', headers: { 'MS-ContinuationToken': 'T1' } });
    const rest = [];
    for await (const p of pages) rest.push(p);
    expect(rest).toHaveLength(1);
    expect(rest[0]?.next).toBeUndefined();
    expect(seen[1]!.url).toBe('http://pc.test/v1/customers?seekOperation=Next');
    expect(seen[1]!.headers.get('ms-continuationtoken')).toBe('T1');
    expect(seen[0]!.headers.get('ms-correlationid')).toBe(seen[1]!.headers.get('ms-correlationid'));
    expect(seen[0]!.headers.get('ms-requestid')).not.toBe(seen[1]!.headers.get('ms-requestid'));
  });

  it('maps a 2xx with a wrong shape or non-JSON to bad-response with the echoed ids', async () => {
    const { fetch } = fakeFetch(() => new Response('{"isSigned": "nope"}', { status: 200, headers: { 'MS-RequestId': 'srv-req', 'MS-CorrelationId': 'srv-corr' } }));
    const err = await rejection(client(fetch).getDirectSignedStatus('a'));
    expect(err).toBeInstanceOf(PartnerCenterError);
    expect(err).toMatchObject({ kind: 'bad-response', retryable: true, requestId: 'srv-req', correlationId: 'srv-corr' });
    const { fetch: f2 } = fakeFetch(() => new Response('{"isSig', { status: 200 }));
    expect(await rejection(client(f2).getDirectSignedStatus('a'))).toMatchObject({ kind: 'bad-response' });
  });

  it('maps a connection failure to network and a stall to timeout keeping the sent request id', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    expect(await rejection(client(fetch).getCustomer('a'))).toMatchObject({ kind: 'network', retryable: true });
    expect(await client(fetch).probe()).toBe(false);

    const stall = fakeFetch(
      (_req, signal) => stalled(signal),
    );
    const err = await rejection(client(stall.fetch, 20).getCustomer('a', { requestId: 'r-1' }));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true, requestId: 'r-1' });
  });

  it('rejects with the caller’s abort reason, not a PartnerCenterError', async () => {
    const stall = fakeFetch(
      (_req, signal) => stalled(signal),
    );
    const controller = new AbortController();
    const p = client(stall.fetch, 5000).getCustomer('a', { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    const err = await rejection(p);
    expect(err).not.toBeInstanceOf(PartnerCenterError);
    expect((err as Error).message).toBe('user cancelled');
  });

  it('maps a failing token provider to unauthorized with signInNeeded', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { isSigned: true }));
    const c = createPartnerCenterClient({
      baseUrl: 'http://pc.test',
      fetch,
      getAccessToken: async () => {
        throw new Error('interaction required');
      },
    });
    expect(await rejection(c.getDirectSignedStatus('a'))).toMatchObject({ kind: 'unauthorized', signInNeeded: true });
    expect(seen).toHaveLength(0);
  });

  it('refuses a next link to another host', async () => {
    const { fetch, seen } = fakeFetch(() =>
      json(200, { totalCount: 1, items: [], links: { next: { uri: 'https://evil.test/v1/customers', headers: [] } } }),
    );
    const pages = client(fetch).listCustomers();
    await pages.next();
    expect(await rejection(pages.next())).toMatchObject({ kind: 'bad-response' });
    expect(seen).toHaveLength(1);
  });
});
