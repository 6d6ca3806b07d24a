import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustomerRepo, toFtsQuery } from '../../../src/main/core/customers/customer-repo';
import { StatusRepo } from '../../../src/main/core/customers/status-repo';
import { openDatabase } from '../../../src/main/core/store/database';
import { tempDir } from '../../helpers/temp-dir';

const NOW = '2026-11-20T10:00:00.000Z';
const people = [
  { id: '0c8e2f2a-1111-4a4a-9b9b-000000000001', companyName: 'Société Générale de Logistique', domain: 'sgl.onmicrosoft.com', relationship: 'reseller' },
  { id: '0c8e2f2a-1111-4a4a-9b9b-000000000002', companyName: 'Müller & Söhne GmbH', domain: 'muellersoehne.onmicrosoft.com', relationship: 'reseller' },
  { id: '0c8e2f2a-1111-4a4a-9b9b-000000000003', companyName: '株式会社サクラ商事', domain: 'sakura-shoji.onmicrosoft.com', relationship: 'reseller' },
  { id: '0c8e2f2a-1111-4a4a-9b9b-000000000004', companyName: 'Contoso Ltd', domain: 'contoso.onmicrosoft.com', relationship: 'reseller' },
  { id: '0c8e2f2a-1111-4a4a-9b9b-000000000005', companyName: 'Contoso Pharma', domain: 'contosopharma.onmicrosoft.com', relationship: 'reseller' },
];

describe('customer search', () => {
  let repo: CustomerRepo;
  let statuses: StatusRepo;
  let db: ReturnType<typeof openDatabase>;
  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'a.db'));
    repo = new CustomerRepo(db);
    statuses = new StatusRepo(db);
    repo.upsertMany(people, 'run-1', NOW);
  });

  const names = (q: string) => repo.search(q, 50).items.map((c) => c.companyName);

  it('finds by word prefixes, ignoring accents and case', () => {
    expect(names('societe gen')).toEqual(['Société Générale de Logistique']);
    expect(names('SOHNE')).toEqual(['Müller & Söhne GmbH']);
    expect(names('mull')).toEqual(['Müller & Söhne GmbH']);
  });

  it('finds non-Latin names by their leading characters', () => {
    expect(names('株式会社')).toEqual(['株式会社サクラ商事']);
  });

  it('finds by domain and puts an exact domain first', () => {
    expect(names('contoso.onmicrosoft.com')[0]).toBe('Contoso Ltd');
    expect(names('contosopharma')).toEqual(['Contoso Pharma']);
  });

  it('finds by tenant id, exact id first', () => {
    expect(names('0c8e2f2a-1111-4a4a-9b9b-000000000003')[0]).toBe('株式会社サクラ商事');
    expect(repo.search('{0C8E2F2A-1111-4A4A-9B9B-000000000003}', 50).items[0]?.companyName).toBe('株式会社サクラ商事');
  });

  it('finds by the beginning of a tenant id, as it is typed or pasted', () => {
    const ids = (q: string) => repo.search(q, 50).items.map((c) => c.id);
    expect(ids('0c8e')).toHaveLength(5);
    expect(ids('0C8E2F2A-1111-4A4A-9B9B-00000000000')).toHaveLength(5);
    expect(ids('0c8e2f2a-1111-4a4a-9b9b-00000000000')[0]).toBe('0c8e2f2a-1111-4a4a-9b9b-000000000001');
    expect(ids('0c8e2f2a-1111-4a4a-9b9b-0000000000')).toEqual(people.map((p) => p.id));
    // Fewer than 4 digits would match ids at random; a group inside the id is not its beginning.
    expect(ids('0c8')).toEqual([]);
    expect(ids('1111-4a4a')).toEqual([]);
  });

  it('lists everyone by name for an empty query, and nothing for a query that matches nothing', () => {
    expect(repo.search('', 50).total).toBe(5);
    expect(names('')[0]).toBe('Contoso Ltd');
    expect(repo.search('zzzz', 50)).toEqual({ items: [], total: 0, more: false });
  });

  it('finds nothing for a typed query with nothing searchable in it (combining marks alone), unlike the empty query', () => {
    for (const q of ['\u0301', '\u0301\u0308', ' \u0301 ', '..com', '\u0301.com']) {
      expect(repo.search(q, 50), JSON.stringify(q)).toEqual({ items: [], total: 0, more: false });
    }
    expect(toFtsQuery('\u0301')).toBeNull();
    // A mark on a letter is an accent like any other: "mu\u0308" is "mü" and finds Müller.
    expect(names('mu\u0308')).toEqual(['Müller & Söhne GmbH']);
  });

  it('treats FTS syntax in the query as plain text', () => {
    expect(() => repo.search('"unbalanced AND (', 50)).not.toThrow();
    expect(toFtsQuery('a"b')).toBe('"a"* "b"*');
    expect(toFtsQuery('  --  ')).toBeNull();
  });

  it('re-indexes renamed customers and drops customers a complete refresh no longer lists', () => {
    repo.upsertMany([{ ...people[1]!, companyName: 'Fabrikam Ltd' }], 'run-2', NOW);
    expect(names('muller')).toEqual([]);
    expect(names('fabrikam')).toEqual(['Fabrikam Ltd']);
    expect(repo.removeNotSeenIn('run-2')).toBe(4);
    expect(repo.count()).toBe(1);
  });

  it('leaves the search index alone when a refresh lists customers unchanged', () => {
    // Every write to the index adds a segment row; an unchanged listing must add none.
    const segments = () => (db.prepare('SELECT count(*) AS n FROM customers_fts_data').get() as { n: number }).n;
    const before = segments();
    repo.upsertMany(people, 'run-2', NOW);
    expect(segments()).toBe(before);
    expect(repo.removeNotSeenIn('run-2')).toBe(0);
    expect(names('contoso')).toEqual(['Contoso Ltd', 'Contoso Pharma']);
    repo.upsertMany([{ ...people[3]!, domain: 'contoso-new.onmicrosoft.com' }], 'run-3', NOW);
    expect(segments()).toBeGreaterThan(before);
    expect(repo.search('contoso-new', 5).items.map((c) => c.domain)).toEqual(['contoso-new.onmicrosoft.com']);
  });

  it('derives the status badge from what Partner Center said', () => {
    const [a, b, c] = people;
    statuses.save(a!.id, { partnerRecords: [{ contact: { firstName: 'A', lastName: 'B', email: 'a@b.co' }, dateAgreed: '2026-01-02', templateId: 't' }], directlySigned: false, verifiedAt: NOW });
    statuses.save(b!.id, { partnerRecords: [], directlySigned: true, verifiedAt: NOW });
    statuses.save(c!.id, { partnerRecords: [], directlySigned: false, verifiedAt: NOW });
    expect(repo.statusOf(a!.id)).toBe('confirmed');
    expect(repo.statusOf(b!.id)).toBe('accepted-by-customer');
    expect(repo.statusOf(c!.id)).toBe('not-confirmed');
    expect(repo.statusOf(people[3]!.id)).toBe('not-verified');
  });

  it('puts names that start with the query before other word matches, and domains by their first label', () => {
    repo.upsertMany([{ id: '0c8e2f2a-1111-4a4a-9b9b-000000000006', companyName: 'Big Contoso Group', domain: 'bigcg.onmicrosoft.com', relationship: null }], 'run-1', NOW);
    expect(names('contoso')).toEqual(['Contoso Ltd', 'Contoso Pharma', 'Big Contoso Group']);
    expect(names('contoso.onmicrosoft.com')).toEqual(['Contoso Ltd', 'Contoso Pharma', 'Big Contoso Group']);
    expect(names('contosopharma.onmicrosoft.com')).toEqual(['Contoso Pharma']);
  });

  it('matches letters that do not decompose (ł, ß, æ) as people type them', () => {
    repo.upsertMany([{ id: '0c8e2f2a-1111-4a4a-9b9b-000000000007', companyName: 'Łódź Straße Kraftwerk', domain: 'lodz.onmicrosoft.com', relationship: null }], 'run-1', NOW);
    expect(names('lodz stra')).toEqual(['Łódź Straße Kraftwerk']);
    expect(names('lodz strasse')).toEqual(['Łódź Straße Kraftwerk']);
  });

  it('keeps the count of all customers only until a write, by this connection or another process', () => {
    expect(repo.search('', 10).total).toBe(5);
    repo.upsertMany([{ id: '0c8e2f2a-1111-4a4a-9b9b-000000000010', companyName: 'Added Here', domain: 'here.example', relationship: null }], 'run-1', NOW);
    expect(repo.count()).toBe(6);
    const other = openDatabase(db.name);
    other.prepare("INSERT INTO customers (id, company_name, name_key, domain, updated_at) VALUES ('0c8e2f2a-1111-4a4a-9b9b-000000000011', 'Added Elsewhere', 'added elsewhere', 'elsewhere.example', ?)").run(NOW);
    other.close();
    expect(repo.search('', 10).total).toBe(7);
    db.prepare("DELETE FROM customers WHERE id = '0c8e2f2a-1111-4a4a-9b9b-000000000010'").run();
    expect(repo.count()).toBe(6);
    expect(repo.count()).toBe(6);
  });

  it('counts matches up to a cap and says when there are more', () => {
    const many = Array.from({ length: 1005 }, (_, i) => ({ id: `1c8e2f2a-1111-4a4a-9b9b-${String(i).padStart(12, '0')}`, companyName: `Northwind ${i}`, domain: `nw${i}.onmicrosoft.com`, relationship: null }));
    repo.upsertMany(many, 'run-1', NOW);
    expect(repo.search('northwind', 50)).toMatchObject({ total: 1000, more: true });
    expect(repo.search('northwind', 50).items).toHaveLength(50);
    expect(repo.search('northwind 100', 50)).toMatchObject({ more: false });
  });

  it('finds customers by a custom domain and by the primary contact\u2019s email once read by id', () => {
    const id = people[3]!.id;
    expect(names('contoso-brand')).toEqual([]);
    repo.saveDetail(id, { ...people[3]!, country: 'US', language: 'en', customDomains: ['contoso-brand.com'], primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'tania.carr@contoso-brand.com' } }, NOW);
    expect(names('contoso-brand.com')).toEqual(['Contoso Ltd']);
    expect(names('tania.carr')).toEqual(['Contoso Ltd']);
    expect(names('brand')).toEqual(['Contoso Ltd']);
    expect(repo.get(id)).toMatchObject({ relationship: 'reseller', country: 'US', primaryContact: { email: 'tania.carr@contoso-brand.com' }, detailReadAt: NOW });
  });
});
