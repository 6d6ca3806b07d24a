import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CoverageRepo } from '../../../src/main/core/customers/coverage-repo';
import { CustomerRepo } from '../../../src/main/core/customers/customer-repo';
import { StatusRepo } from '../../../src/main/core/customers/status-repo';
import { SubscriptionsRepo } from '../../../src/main/core/customers/subscriptions-repo';
import { Outbox } from '../../../src/main/core/confirmations/outbox';
import { openDatabase } from '../../../src/main/core/store/database';
import { tempDir } from '../../helpers/temp-dir';

const NOW = '2026-12-01T10:00:00.000Z';
const CURRENT = 'tpl-current';
const id = (n: number) => `0c8e2f2a-1111-4a4a-9b9b-${String(n).padStart(12, '0')}`;
const record = (templateId: string, dateAgreed = '2022-01-01') => ({ contact: { firstName: 'A', lastName: 'B', email: 'a@b.example' }, dateAgreed, templateId });

describe('coverage counts and lists (SQL over the cache and the outbox)', () => {
  let db: ReturnType<typeof openDatabase>;
  let repo: CoverageRepo;
  let customers: CustomerRepo;
  let statuses: StatusRepo;
  let outbox: Outbox;
  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'c.db'));
    repo = new CoverageRepo(db);
    customers = new CustomerRepo(db);
    statuses = new StatusRepo(db);
    outbox = new Outbox(db);
    customers.upsertMany(
      ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'].map((name, i) => ({ id: id(i + 1), companyName: name, domain: `${name.toLowerCase()}.onmicrosoft.com`, relationship: 'reseller' })),
      'run',
      NOW,
    );
    const seen = { partnerRecords: [], directlySigned: false, verifiedAt: NOW };
    statuses.save(id(1), { ...seen, partnerRecords: [record(CURRENT, '2024-01-01'), record('tpl-old')] }); // confirmed, current
    statuses.save(id(2), { ...seen, partnerRecords: [record('tpl-old', '2023-02-01'), record(CURRENT, '2020-01-01')] }); // confirmed, earlier
    statuses.save(id(3), { ...seen, directlySigned: true }); // accepted by customer
    statuses.save(id(4), seen); // not confirmed
    statuses.save(id(5), { ...seen, partnerRecords: [record('tpl-old')] }); // earlier, but a local item waits: pending sync
    statuses.save(id(6), seen); // not confirmed, with subscriptions
    // id(7): never read → not verified
    outbox.enqueue({ id: id(5), companyName: 'Echo' }, { firstName: 'C', lastName: 'D', email: 'c@d.example', dateAgreed: '2026-11-30' }, { records: [], directlySigned: null, readAt: null }, 'operator:test', NOW);
    new SubscriptionsRepo(db).save(id(6), [{ id: 's', offerId: 'o', name: 'Licences', quantity: 3, status: 'active', licenseBased: true }], NOW);
    new SubscriptionsRepo(db).save(id(4), [{ id: 's', offerId: 'o', name: 'Gone', quantity: 3, status: 'deleted', licenseBased: true }], NOW);
  });

  it('puts each customer in one status, a local item first, and counts earlier versions among the confirmed only', () => {
    expect(repo.counts(CURRENT)).toEqual({
      total: 7, confirmed: 2, acceptedByCustomer: 1, notConfirmed: 2, pendingSync: 1, waitingForCustomer: 0, needsAttention: 0, notVerified: 1, earlierVersion: 1,
    });
    // The status of each agrees with the one rule the search and the panel use.
    for (let n = 1; n <= 7; n += 1) expect(['confirmed', 'accepted-by-customer', 'not-confirmed', 'pending-sync', 'not-verified']).toContain(customers.statusOf(id(n)));
  });

  it('tells no earlier version while the current template is unknown', () => {
    expect(repo.counts(null).earlierVersion).toBe(0);
    expect(repo.list('earlier-version', null, 10)).toEqual({ items: [], total: 0 });
  });

  it('lists those not on record with live subscriptions first, then not read, then none; the earlier versions apart', () => {
    const list = repo.list('not-confirmed', CURRENT, 10);
    expect(list.total).toBe(4);
    expect(list.items.map((r) => [r.companyName, r.mcaStatus, r.hasSubscriptions])).toEqual([
      ['Foxtrot', 'not-confirmed', true],
      ['Echo', 'pending-sync', null],
      ['Golf', 'not-verified', null],
      ['Delta', 'not-confirmed', false],
    ]);
    expect(repo.list('not-confirmed', CURRENT, 2)).toMatchObject({ total: 4, items: [{ companyName: 'Foxtrot' }, { companyName: 'Echo' }] });
    expect(repo.list('earlier-version', CURRENT, 10).items).toEqual([
      { id: id(2), companyName: 'Bravo', domain: 'bravo.onmicrosoft.com', mcaStatus: 'confirmed', hasSubscriptions: null, latestRecord: { dateAgreed: '2023-02-01', templateId: 'tpl-old' } },
    ]);
  });
});
