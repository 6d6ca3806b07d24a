import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { call, normalisePath, shapeDiff } from '../../helpers/emulator-call';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));
const filterParam = (f: unknown) => `filter=${encodeURIComponent(JSON.stringify(f))}`;

let emu: Emulator;
let big: Emulator;
let token: string;

beforeAll(async () => {
  [emu, big] = await Promise.all([startEmulator({ port: 0 }), startEmulator({ port: 0, customers: 10_000, seed: 99 })]);
  token = emu.issueToken();
});
afterAll(async () => {
  await Promise.all([emu.close(), big.close()]);
});

async function pageThrough(e: Emulator, first: string, tok: string) {
  const ids: string[] = [];
  let res = await call(e.url, 'GET', first, { token: tok });
  let pages = 0;
  for (;;) {
    expect(res.status).toBe(200);
    expect(res.json.totalCount).toBe(res.json.items.length);
    ids.push(...res.json.items.map((i: any) => i.id));
    pages++;
    const next = res.json.links.next;
    if (!next) break;
    expect(next.method).toBe('GET');
    expect(next.headers).toHaveLength(1);
    expect(next.headers[0].key).toBe('MS-ContinuationToken');
    res = await call(e.url, 'GET', next.uri, { token: tok, headers: { 'MS-ContinuationToken': next.headers[0].value } });
  }
  return { ids, pages };
}

describe('GET /v1/customers', () => {
  it('pages through every customer exactly once (300)', async () => {
    const { ids, pages } = await pageThrough(emu, '/v1/customers?size=40', token);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(pages).toBe(8);
  });

  it('pages through 10,000 customers exactly once, with size 500 and with odd sizes', async () => {
    const tok = big.issueToken();
    for (const size of [500, 337]) {
      const { ids, pages } = await pageThrough(big, `/v1/customers?size=${size}`, tok);
      expect(ids).toHaveLength(10_000);
      expect(new Set(ids).size).toBe(10_000);
      expect(pages).toBe(Math.ceil(10_000 / size));
    }
  });

  it('uses the default page size when size is absent or 0 and clamps at the maximum', async () => {
    expect((await call(emu.url, 'GET', '/v1/customers', { token })).json.items).toHaveLength(100);
    expect((await call(emu.url, 'GET', '/v1/customers?size=0', { token })).json.items).toHaveLength(100);
    const tok = big.issueToken();
    expect((await call(big.url, 'GET', '/v1/customers?size=5000', { token: tok })).json.items).toHaveLength(500);
  });

  it('matches the docs example list field for field (names, casing, types)', async () => {
    const res = await call(emu.url, 'GET', '/v1/customers?size=40', { token });
    const diff = shapeDiff(fixture('docs-customers-list.json'), res.json);
    expect(diff.missing).toEqual([]);
    expect(diff.typeMismatch).toEqual([]);
    // links.next (paging) and each item's links (partner-center-api.md §4.1) are the only additions
    expect([...new Set(diff.extra.map(normalisePath))].sort()).toEqual(['$.items[].links', '$.links.next']);
    expect(shapeDiff(fixture('collection-links-next.json'), res.json.links)).toEqual({ missing: [], typeMismatch: [], extra: [] });
    expect(res.json.links.self).toEqual({ uri: '/v1/customers?size=40', method: 'GET', headers: [] });
    expect(res.json.attributes).toEqual({ objectType: 'Collection' });
    for (const item of res.json.items) {
      expect(Object.keys(item).sort()).toEqual(['attributes', 'companyProfile', 'id', 'links', 'relationshipToPartner']);
      expect(item.companyProfile.tenantId).toBe(item.id);
      expect(item).not.toHaveProperty('billingProfile');
    }
  });

  it('filters by CompanyName and Domain with starts_with, case-insensitively, and pages filtered results', async () => {
    const byName = await call(emu.url, 'GET', `/v1/customers?size=0&${filterParam({ Field: 'CompanyName', Value: 'société gén', Operator: 'starts_with' })}`, { token });
    expect(byName.status).toBe(200);
    expect(byName.json.items.map((i: any) => i.companyProfile.companyName)).toContain('Société Générale de Logistique');
    for (const i of byName.json.items) expect(i.companyProfile.companyName.toLowerCase().startsWith('société gén')).toBe(true);

    const byDomain = await call(emu.url, 'GET', `/v1/customers?${filterParam({ Field: 'Domain', Value: 'MUELLER', Operator: 'starts_with' })}`, { token });
    expect(byDomain.json.items.map((i: any) => i.companyProfile.domain)).toEqual(['muellersoehne.onmicrosoft.com']);

    const jp = await call(emu.url, 'GET', `/v1/customers?${filterParam({ Field: 'CompanyName', Value: '株式会社', Operator: 'starts_with' })}`, { token });
    expect(jp.json.items.length).toBeGreaterThan(0);

    // filtered paging: every match exactly once
    const tok = big.issueToken();
    const all = await pageThrough(big, `/v1/customers?size=500`, tok);
    expect(all.ids).toHaveLength(10_000);
    const { ids } = await pageThrough(big, `/v1/customers?size=7&${filterParam({ Field: 'CompanyName', Value: 'c', Operator: 'starts_with' })}`, tok);
    expect(ids.length).toBeGreaterThan(14);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['another operator', { Field: 'CompanyName', Value: 'a', Operator: 'equals' }],
    ['another field', { Field: 'IndirectReseller', Value: 'a', Operator: 'starts_with' }],
    ['missing value', { Field: 'Domain', Operator: 'starts_with' }],
    ['lower-case keys', { field: 'Domain', value: 'a', operator: 'starts_with' }],
  ])('rejects a filter with %s (400, generic error body)', async (_label, f) => {
    const res = await call(emu.url, 'GET', `/v1/customers?${filterParam(f)}`, { token });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: expect.any(String), description: expect.any(String), data: [], source: 'PartnerCenter' });
  });

  it('rejects a filter that is not JSON, a bad size, and unknown seek operations', async () => {
    expect((await call(emu.url, 'GET', '/v1/customers?filter=nope', { token })).status).toBe(400);
    expect((await call(emu.url, 'GET', '/v1/customers?size=-1', { token })).status).toBe(400);
    expect((await call(emu.url, 'GET', '/v1/customers?size=ten', { token })).status).toBe(400);
    expect((await call(emu.url, 'GET', '/v1/customers?seekOperation=Previous', { token, headers: { 'MS-ContinuationToken': 'x' } })).status).toBe(400);
  });

  it('rejects a missing, forged or stale continuation token with 400', async () => {
    expect((await call(emu.url, 'GET', '/v1/customers?seekOperation=Next', { token })).status).toBe(400);
    const bad = await call(emu.url, 'GET', '/v1/customers?seekOperation=Next', { token, headers: { 'MS-ContinuationToken': 'garbage' } });
    expect(bad.status).toBe(400);
    expect(bad.json.source).toBe('PartnerCenter');
    const first = await call(emu.url, 'GET', '/v1/customers?size=10', { token });
    const value: string = first.json.links.next.headers[0].value;
    const [payload, sig] = value.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), o: 0 })).toString('base64url');
    expect((await call(emu.url, 'GET', '/v1/customers?seekOperation=Next', { token, headers: { 'MS-ContinuationToken': `${forgedPayload}.${sig}` } })).status).toBe(400);
    // after a reset the old token is stale
    const e2 = await startEmulator({ port: 0 });
    try {
      const t2 = e2.issueToken();
      const p = await call(e2.url, 'GET', '/v1/customers?size=10', { token: t2 });
      const v: string = p.json.links.next.headers[0].value;
      expect((await call(e2.url, 'GET', '/v1/customers?seekOperation=Next', { token: t2, headers: { 'MS-ContinuationToken': v } })).status).toBe(200);
      await call(e2.url, 'POST', '/_emulator/reset');
      expect((await call(e2.url, 'GET', '/v1/customers?seekOperation=Next', { token: t2, headers: { 'MS-ContinuationToken': v } })).status).toBe(400);
    } finally {
      await e2.close();
    }
  });
});

describe('GET /v1/customers/{id}', () => {
  it('returns the full customer matching the docs example field for field', async () => {
    const res = await call(emu.url, 'GET', `/v1/customers/${WELL_KNOWN[0]!.id}`, { token });
    expect(res.status).toBe(200);
    expect(shapeDiff(fixture('docs-customer-by-id.json'), res.json)).toEqual({ missing: [], typeMismatch: [], extra: [] });
    expect(res.json.companyProfile.companyName).toBe('Société Générale de Logistique');
    expect(res.json.billingProfile).toMatchObject({ firstName: 'Amélie', lastName: 'Lefèvre', culture: 'fr-FR', language: 'fr' });
    expect(res.json.billingProfile.attributes.objectType).toBe('CustomerBillingProfile');
  });

  it('returns generated customers with consistent ids and contact email on the customer domain', async () => {
    const list = await call(emu.url, 'GET', '/v1/customers?size=60', { token });
    for (const item of list.json.items.slice(WELL_KNOWN.length)) {
      const res = await call(emu.url, 'GET', `/v1/customers/${item.id}`, { token });
      expect(res.status).toBe(200);
      expect(shapeDiff(fixture('docs-customer-by-id.json'), res.json)).toEqual({ missing: [], typeMismatch: [], extra: [] });
      expect(res.json.companyProfile).toMatchObject(item.companyProfile);
      expect(res.json.billingProfile.email.endsWith(`@${item.companyProfile.domain}`)).toBe(true);
      expect(res.json.billingProfile.email).toMatch(/^[a-z0-9.]+@[a-z0-9.]+$/);
    }
  });

  it('404 for an unknown tenant, 400 900118 for a malformed id (generic error body)', async () => {
    const unknown = await call(emu.url, 'GET', '/v1/customers/7d3f3c1e-0000-4000-8000-123456789abc', { token });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: '60003', description: 'Tenant not found', data: [], source: 'PartnerCenter' });
    const bad = await call(emu.url, 'GET', '/v1/customers/not-a-guid', { token });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: '900118', data: [], source: 'PartnerCenter' });
  });
});
