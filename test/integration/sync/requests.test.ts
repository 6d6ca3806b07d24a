import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { openProfile, type ProfileParts } from '../../../src/main/core/compose';
import { type RequestInput } from '../../../src/main/core/confirmations/outbox';
import { verifyNow } from '../../../src/main/core/features/customers';
import { appTokenForPartnerCenter } from '../../../src/main/core/auth/app-credential';
import { systemClock } from '../../../src/main/core/clock';
import { createAttestationClient } from '../../../src/main/core/partner-center/attestation';
import { PartnerCenterError } from '../../../src/main/core/partner-center/errors';
import { requestsFromClient } from '../../../src/main/core/sync/partner-center-agreements';
import type { RequestsPort } from '../../../src/main/core/sync/requests-port';
import { SyncEngine } from '../../../src/main/core/sync/sync-engine';
import { endpointAt } from '../../../src/shells/partner-center';
import type { QueueItem } from '../../../src/shared/domain';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

/**
 * Acceptance requests through the real composition (the emulator's app credential, the
 * attestation client, the engine's request steps) against the emulator over HTTP.
 */

const [societe, muller, cafe, lodz, , kuehne] = WELL_KNOWN;
type Attestation = { attestationId: string; customerTenantId: string; signatoryEmail: string; status: string; usedForAgreement: boolean };

describe('acceptance requests against the emulator', () => {
  let emulator: Emulator;
  let p: ProfileParts;

  async function open(options: { sync?: Parameters<typeof openProfile>[0]['sync'] } = {}) {
    p = await openProfile({ dataDir: tempDir(), partnerCenter: endpointAt(emulator.url), sync: { backoffBaseMs: 20, backoffCapMs: 200, pollFirstMs: 60_000, pollCapMs: 60_000, ...options.sync } });
    // Read by id, as opening them does: address country, language, primary contact.
    for (const c of WELL_KNOWN) await verifyNow(p, c.id);
  }
  const request = (customer: { id: string; companyName: string }, n: number, way: RequestInput['way'] = 'attestation') =>
    p.outbox.enqueueRequest(
      { id: customer.id, companyName: customer.companyName },
      { way, signatory: { firstName: 'Sig', lastName: `Natory${n}`, email: `signatory${n}@example.com` }, companyName: customer.companyName, country: 'FR', language: 'fr' },
      'operator:test',
      new Date().toISOString(),
    );
  const item = (id: string) => p.outbox.get(id)!;
  const attestations = async () => ((await emulatorAdmin(emulator.url, 'attestations')) as { items: Attestation[] }).items;
  const records = async (customerId: string) => (await p.agreements.customerAgreements(customerId, {})).map((r) => r.contact.email);
  const settle = async (id: string, state: QueueItem['state']) => {
    p.engine.kick();
    await vi.waitFor(() => expect(item(id).state).toBe(state), { timeout: 10_000, interval: 20 });
    await p.engine.idle();
  };
  const checkNow = async (id: string, state: QueueItem['state']) => {
    p.outbox.checkNow(id, 'operator:test', new Date().toISOString());
    await settle(id, state);
  };

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 20 });
  });
  afterEach(async () => {
    await p?.close();
    await emulator.close();
  });

  it('creates the attestation, waits for the customer, then creates and verifies the agreement by itself — once', async () => {
    await open();
    const id = request(societe!, 1);
    const before = ((await emulatorAdmin(emulator.url, 'state')) as { requests: number }).requests;
    await settle(id, 'waiting-for-customer');
    const [created] = await attestations();
    expect(created).toMatchObject({ customerTenantId: societe!.id, signatoryEmail: 'signatory1@example.com', status: 'Pending' });
    expect(item(id).request).toMatchObject({ step: 'wait-for-customer', attestationId: created!.attestationId, acceptanceUrl: `${emulator.url}/mca/?attestationid=${created!.attestationId}`, customerAnswer: 'pending' });
    // Next check about a minute later: nothing is due now.
    expect(Date.parse(item(id).nextAttemptAt!)).toBeGreaterThan(Date.now() + 40_000);

    await checkNow(id, 'waiting-for-customer');
    expect(item(id).request?.lastCheckedAt).not.toBeNull();
    await emulatorAdmin(emulator.url, `attestations/${created!.attestationId}/accept`, {});
    await checkNow(id, 'confirmed');
    expect(item(id)).toMatchObject({ dateAgreed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), request: { customerAnswer: 'accepted' }, serverRecord: { contact: { email: 'signatory1@example.com' } } });
    expect(await records(societe!.id)).toEqual(['signatory1@example.com']);
    expect(p.outbox.history(id).map((a) => a.reason)).toEqual(['created-attestation', 'checked-pending', 'customer-accepted', 'agreement-created']);
    expect(p.customers.statusOf(societe!.id)).toBe('confirmed');
    // Requests per accepted attestation on the happy path (the closing note reports it).
    const used = ((await emulatorAdmin(emulator.url, 'state')) as { requests: number }).requests - before;
    console.log(`requests for one accepted attestation (two checks): ${used}`);
    const posts = (await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST');
    expect(posts.map((w) => w.path.replace(/[0-9a-f-]{36}/g, ':id'))).toEqual(['/v1/attestations/enhanced', '/v1/customers/:id/agreements?'.replace('?', '')]);
  });

  /**
   * An engine of its own over the profile's parts, whose attestation calls pass through `wrap`
   * (to make Partner Center misbehave for exactly one call). Short timeouts: a lost answer is
   * noticed in a second.
   */
  function engineWith(wrap: (port: RequestsPort) => RequestsPort): SyncEngine {
    const port = requestsFromClient(createAttestationClient({ baseUrl: emulator.url, getAppToken: appTokenForPartnerCenter(p.webApp), timeoutMs: 1000 }), emulator.url);
    return new SyncEngine({
      outbox: p.outbox,
      statuses: p.statuses,
      agreements: p.agreements,
      requests: wrap(port),
      connectivity: p.connectivity,
      clock: systemClock,
      settings: { backoffBaseMs: 20, backoffCapMs: 100 },
      onChange: () => undefined,
    });
  }
  /** `call` runs with every answer of Partner Center lost after the write (`kind`), then all is well again. */
  const faulty = async <T>(kind: 'timeout' | 'truncated', call: () => Promise<T>): Promise<T> => {
    await emulatorAdmin(emulator.url, 'faults', { rate: 1, kinds: [kind] });
    try {
      return await call();
    } finally {
      await emulatorAdmin(emulator.url, 'faults', { rate: 0 });
    }
  };
  const drain = async (engine: SyncEngine, id: string, state: QueueItem['state']) => {
    engine.kick();
    await vi.waitFor(() => {
      expect(item(id).state).toBe(state);
      engine.kick();
    }, { timeout: 10_000, interval: 50 });
    await engine.stop();
  };

  it('reuses the MS-RequestId of a create that got no answer: one attestation, not two', async () => {
    await open();
    const id = request(lodz!, 2);
    let lost = 0;
    const engine = engineWith((port) => ({ ...port, createAttestation: (input, ctx) => (lost++ === 0 ? faulty('timeout', () => port.createAttestation(input, ctx)) : port.createAttestation(input, ctx)) }));
    await drain(engine, id, 'waiting-for-customer');
    expect(lost).toBe(2);
    expect(await attestations()).toHaveLength(1);
    expect(item(id).request?.attestationId).toBe((await attestations())[0]!.attestationId);
    const creates = (await emulatorWrites(emulator.url)).filter((w) => w.path.startsWith('/v1/attestations'));
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((w) => w.requestId)).size).toBe(1);
  });

  it('after the agreement\u2019s answer is lost, finds the signatory on record instead of creating it again', async () => {
    await open();
    const id = request(kuehne!, 3);
    await settle(id, 'waiting-for-customer');
    const [created] = await attestations();
    await emulatorAdmin(emulator.url, `attestations/${created!.attestationId}/accept`, {});
    // The agreement is created, but its answer comes back cut in half.
    let lost = 0;
    const engine = engineWith((port) => ({ ...port, createAgreement: (customerId, body, ctx) => (lost++ === 0 ? faulty('truncated', () => port.createAgreement(customerId, body, ctx)) : port.createAgreement(customerId, body, ctx)) }));
    p.outbox.checkNow(id, 'operator:test', new Date().toISOString());
    await drain(engine, id, 'confirmed');
    expect(lost).toBe(1);
    expect(p.outbox.history(id).at(-1)).toMatchObject({ reason: 'found-after-interruption' });
    expect(await records(kuehne!.id)).toEqual(['signatory3@example.com']);
    expect((await emulatorWrites(emulator.url)).filter((w) => w.path.includes('/agreements') && w.status === 201)).toHaveLength(1);
  });

  it('a declined request needs attention and gets a new attestation on "Send a new request"; an expired one too', async () => {
    await open();
    const id = request(societe!, 4);
    await settle(id, 'waiting-for-customer');
    const [first] = await attestations();
    await emulatorAdmin(emulator.url, `attestations/${first!.attestationId}/decline`, {});
    await checkNow(id, 'needs-attention');
    expect(item(id)).toMatchObject({ request: { customerAnswer: 'declined' }, lastError: { message: 'error.request.declined' } });
    p.outbox.renewRequest(id, 'operator:test', new Date().toISOString());
    await settle(id, 'waiting-for-customer');
    const second = item(id).request!.attestationId;
    expect(second).not.toBe(first!.attestationId);
    // Thirty-one days later on Partner Center's clock, nobody answered.
    await emulatorAdmin(emulator.url, 'clock', { skewMs: 31 * 24 * 3600_000 });
    await checkNow(id, 'needs-attention');
    expect(item(id).request?.customerAnswer).toBe('expired');
  });

  it('"Accept in Microsoft 365 admin center" waits for the direct acceptance; one already there ends it at once', async () => {
    await open();
    const signed = request(cafe!, 5, 'admin-center');
    expect(item(signed)).toMatchObject({ state: 'waiting-for-customer', request: { way: 'admin-center', step: 'wait-for-customer' } });
    await settle(signed, 'confirmed');
    expect(p.outbox.history(signed).at(-1)).toMatchObject({ reason: 'accepted-directly' });
    expect(p.customers.statusOf(cafe!.id)).toBe('accepted-by-customer');
    const waits = request(societe!, 6, 'admin-center');
    await checkNow(waits, 'waiting-for-customer');
    expect(p.outbox.history(waits).at(-1)).toMatchObject({ reason: 'checked-pending' });
    expect(await attestations()).toEqual([]);
  });

  it('a check refused as throttled or as needing a sign-in pauses the pass; the request keeps waiting, its link unchanged', async () => {
    await open();
    const id = request(cafe!, 8);
    await settle(id, 'waiting-for-customer');
    const attestationId = item(id).request?.attestationId;
    // What the client makes of a 429 with Retry-After, and of a refused token.
    const retryAt = new Date(Date.now() + 120_000);
    const refusals = [
      new PartnerCenterError({ kind: 'throttled', message: 'Rate limit is exceeded.', httpStatus: 429, retryAt }),
      new PartnerCenterError({ kind: 'unauthorized', message: 'The token has expired.', httpStatus: 401 }),
    ];
    for (const refusal of refusals) {
      const engine = engineWith((port) => ({ ...port, attestationStatus: () => Promise.reject(refusal) }));
      const before = p.outbox.history(id).length;
      p.outbox.checkNow(id, 'operator:test', new Date().toISOString());
      engine.kick();
      await vi.waitFor(() => expect(p.outbox.history(id).length).toBe(before + 1), { timeout: 5000, interval: 20 });
      await engine.stop();
      const last = p.outbox.history(id).at(-1)!;
      expect(item(id).state).toBe('waiting-for-customer');
      expect(item(id).request?.attestationId).toBe(attestationId);
      if (refusal.kind === 'throttled') {
        expect(last).toMatchObject({ outcome: 'waiting', reason: 'throttled', until: retryAt.toISOString(), error: null });
        expect(item(id).nextAttemptAt).toBe(retryAt.toISOString());
        expect(engine.status().waiting).toEqual({ reason: 'throttled', until: retryAt.toISOString() });
      } else {
        expect(last).toMatchObject({ outcome: 'waiting', reason: 'sign-in-needed', error: null });
        expect(engine.status().waiting).toEqual({ reason: 'sign-in-needed' });
      }
    }
    expect(await attestations()).toHaveLength(1);
  });

  it('finds the signatory already on record and creates nothing', async () => {
    await open();
    const jurgen = (await p.agreements.customerAgreements(muller!.id, {}))[0]!;
    const id = p.outbox.enqueueRequest({ id: muller!.id, companyName: muller!.companyName }, { way: 'attestation', signatory: jurgen.contact, companyName: muller!.companyName, country: 'DE', language: 'de' }, 'operator:test', new Date().toISOString());
    await settle(id, 'confirmed');
    expect(p.outbox.history(id).at(-1)).toMatchObject({ reason: 'found-same-contact' });
    expect(await attestations()).toEqual([]);
  });

  it('without an app credential, requests wait ("app-credential-needed") while confirmations still go', async () => {
    await open();
    // The emulator refuses the app-only token from now on (a revoked key).
    vi.spyOn(p.webApp, 'getAppToken').mockRejectedValue(Object.assign(new Error('error.appCredential.wrongSecret'), { name: 'AppCredentialError' }));
    const id = request(societe!, 7);
    const confirmation = p.outbox.enqueue({ id: lodz!.id, companyName: lodz!.companyName }, { firstName: 'A', lastName: 'B', email: 'a@b.example', dateAgreed: '2026-01-15' }, { records: [], directlySigned: false, readAt: null }, 'operator:test', new Date().toISOString());
    await settle(confirmation, 'confirmed');
    await vi.waitFor(() => expect(p.engine.status().waiting).toEqual({ reason: 'app-credential-needed' }), { timeout: 5000 });
    expect(item(id)).toMatchObject({ state: 'queued', attempts: 0 });
    vi.mocked(p.webApp.getAppToken).mockRestore();
    p.engine.appCredentialChanged();
    await settle(id, 'waiting-for-customer');
  });
});
