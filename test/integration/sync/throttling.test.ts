import { afterEach, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { openProfile, type ProfileParts } from '../../../src/main/core/compose';
import { saveConfirmation } from '../../../src/main/core/features/confirmations';
import { endpointAt } from '../../../src/shells/partner-center';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

let emulator: Emulator;
let p: ProfileParts;
afterEach(async () => {
  await p.close();
  await emulator.close();
});

it('drains under a rate limit tighter than its parallelism: each 429 pauses the queue, and what was read stays read', async () => {
  emulator = await startEmulator({ port: 0, customers: 60 });
  p = await openProfile({ dataDir: tempDir(), partnerCenter: endpointAt(emulator.url), sync: { parallelism: 4 } });
  const fresh: string[] = [];
  for await (const page of p.client.listCustomers({ pageSize: 100 })) {
    p.customers.upsertMany(page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: 'reseller' })), 'run', new Date().toISOString());
    for (const c of page.items) {
      if (fresh.length === 6) break;
      const id = c.id.toLowerCase();
      const [records, direct] = [await p.agreements.customerAgreements(id, {}), await p.agreements.directlySigned(id, {})];
      if (records.length > 0 || direct) continue;
      p.statuses.save(id, { partnerRecords: [], directlySigned: false, verifiedAt: new Date().toISOString() });
      fresh.push(id);
    }
  }
  for (const [i, id] of fresh.entries()) saveConfirmation(p, id, { firstName: 'Paced', lastName: `Item${i}`, email: `paced${i}@example.com`, dateAgreed: '2026-01-15' });
  // Three requests a second for four workers, five requests an item: a 429 in every second.
  await emulatorAdmin(emulator.url, 'throttle', { perPartner: 3 });
  p.engine.kick();
  // Before: a 429 on the send kept its MS-RequestId, the next try re-read everything, and no item
  // ever fitted in one second — nothing was sent at all.
  await vi.waitFor(() => expect(p.outbox.counts().confirmed).toBe(6), { timeout: 30_000, interval: 100 });
  expect(((await emulatorAdmin(emulator.url, 'state')) as { throttled: number }).throttled).toBeGreaterThan(0);
  expect(p.outbox.list().every((i) => i.attempts === 1)).toBe(true);
}, 45_000);
