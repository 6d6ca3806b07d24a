import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { generateCustomers, WELL_KNOWN, agreementsOf, MCA_TYPE } from '../../../src/emulator/seed';
import { GUID_RE } from '../../../src/emulator/prng';
import { call } from '../../helpers/emulator-call';

const opened: Emulator[] = [];
afterAll(async () => {
  await Promise.all(opened.map((e) => e.close()));
});

async function start(opts: Parameters<typeof startEmulator>[0]) {
  const emu = await startEmulator({ port: 0, ...opts });
  opened.push(emu);
  return emu;
}

async function allCustomers(emu: Emulator, size = 500) {
  const token = emu.issueToken();
  const items: any[] = [];
  let res = await call(emu.url, 'GET', `/v1/customers?size=${size}`, { token });
  for (;;) {
    expect(res.status).toBe(200);
    items.push(...res.json.items);
    const next = res.json.links.next;
    if (!next) break;
    res = await call(emu.url, 'GET', next.uri, { token, headers: { [next.headers[0].key]: next.headers[0].value } });
  }
  return items;
}

describe('seed data', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await start({ seed: 42, customers: 500 });
    const b = await start({ seed: 42, customers: 500 });
    const c = await start({ seed: 43, customers: 500 });
    const [ia, ib, ic] = await Promise.all([allCustomers(a), allCustomers(b), allCustomers(c)]);
    expect(ia).toHaveLength(500);
    expect(ib).toEqual(ia);
    expect(ic.slice(WELL_KNOWN.length).map((x) => x.id)).not.toEqual(ia.slice(WELL_KNOWN.length).map((x) => x.id));
    // full records (lazily generated) are deterministic too
    const ta = a.issueToken();
    const tb = b.issueToken();
    for (const item of ia.slice(10, 15)) {
      const ra = await call(a.url, 'GET', `/v1/customers/${item.id}`, { token: ta });
      const rb = await call(b.url, 'GET', `/v1/customers/${item.id}`, { token: tb });
      expect(ra.json).toEqual(rb.json);
      const aa = await call(a.url, 'GET', `/v1/customers/${item.id}/agreements?agreementType=*`, { token: ta });
      const ab = await call(b.url, 'GET', `/v1/customers/${item.id}/agreements?agreementType=*`, { token: tb });
      expect(aa.json).toEqual(ab.json);
    }
  });

  it('has unique ascii onmicrosoft.com domains, GUID tenant ids and many scripts', () => {
    const { customers } = generateCustomers(1, 20_000);
    const domains = new Set(customers.map((c) => c.domain));
    expect(domains.size).toBe(customers.length);
    for (const c of customers) {
      expect(c.domain).toMatch(/^[a-z0-9]+\.onmicrosoft\.com$/);
      expect(c.id).toMatch(GUID_RE);
    }
    expect(new Set(customers.map((c) => c.id)).size).toBe(customers.length);
    const names = customers.map((c) => c.companyName);
    const scripts: Record<string, RegExp> = {
      accentedLatin: /[À-ɏ]/, japanese: /[\u3040-\u30ff]/, chinese: /有限公司/, cyrillic: /[\u0400-\u04ff]/,
      greek: /[\u0370-\u03ff]/, arabic: /[\u0600-\u06ff]/, hebrew: /[\u0590-\u05ff]/, korean: /[\uac00-\ud7af]/,
    };
    for (const [script, re] of Object.entries(scripts)) {
      expect(names.filter((n) => re.test(n)).length, script).toBeGreaterThan(100);
    }
    expect(names.filter((n) => n.length > 100).length).toBeGreaterThan(50);
  });

  it('mixes MCA states: about 40% none, 35% partner-confirmed, 25% direct', () => {
    const { customers } = generateCustomers(7, 10_000);
    const generated = customers.slice(WELL_KNOWN.length);
    const direct = generated.filter((c) => c.directSigned).length / generated.length;
    const partner = generated.filter((c) => c.seedMcaRecords > 0).length / generated.length;
    expect(direct).toBeGreaterThan(0.22);
    expect(direct).toBeLessThan(0.28);
    expect(partner).toBeGreaterThan(0.32);
    expect(partner).toBeLessThan(0.38);
    expect(generated.filter((c) => c.seedMcaRecords === 2).length).toBeGreaterThan(300);
    expect(generated.filter((c) => c.relationship === 'reseller').length / generated.length).toBeGreaterThan(0.85);
    // partner records: realistic dates, several partner users
    const records = generated.slice(0, 500).flatMap((c) => agreementsOf(7, c));
    for (const a of records) expect(a.dateAgreed).toMatch(/^20(1[6-9]|2[0-5])-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const mcaDates = records.filter((a) => a.type === MCA_TYPE).map((a) => a.dateAgreed);
    expect(mcaDates.length).toBeGreaterThan(100);
    expect(mcaDates.filter((d) => d < '2019-08-01')).toEqual([]);
    expect(new Set(records.map((a) => a.userId)).size).toBeGreaterThan(3);
  });

  it('serves the well-known customers first with their documented names and states', async () => {
    const emu = await start({});
    const token = emu.issueToken();
    const list = await call(emu.url, 'GET', '/v1/customers?size=10', { token });
    expect(list.json.items.slice(0, WELL_KNOWN.length).map((i: any) => [i.id, i.companyProfile.companyName]))
      .toEqual(WELL_KNOWN.map((w) => [w.id, w.companyName]));
    expect(list.json.items[0].companyProfile.companyName).toBe('Société Générale de Logistique');
    const sgl = WELL_KNOWN[0]!.id;
    const mca = await call(emu.url, 'GET', `/v1/customers/${sgl}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
    expect(mca.json.totalCount).toBe(0);
    const direct = await call(emu.url, 'GET', `/v1/customers/${sgl}/directSignedMicrosoftCustomerAgreementStatus`, { token });
    expect(direct.json).toEqual({ isSigned: false });
  });

  it('starts 100,000 customers (time printed, not asserted)', async () => {
    const t0 = performance.now();
    const emu = await start({ customers: 100_000 });
    const ms = performance.now() - t0;
    console.log(`[emulator] startup with 100,000 customers: ${ms.toFixed(0)} ms`);
    const state = await call(emu.url, 'GET', '/_emulator/state');
    expect(state.json.customers).toBe(100_000);
    const last = await call(emu.url, 'GET', `/v1/customers?size=1&filter=${encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: 'zz-none', Operator: 'starts_with' }))}`, { token: emu.issueToken() });
    expect(last.json.totalCount).toBe(0);
  });
});
