import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { startAppCore } from '../../../src/main/core/app-core';
import type { Attempt, QueueItem, Session } from '../../../src/shared/domain';
import type { AppError } from '../../../src/shared/result';
import { localToday } from '../../../src/shared/validation';
import { WELL_KNOWN } from '../../../src/emulator/index';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

/**
 * What the core answers to input built to hurt: keys it does not know, invisible or broken names,
 * ids of any size or case. One core for the file (each test leaves what it saved; none depends on
 * another's), started like the desktop app's: Partner Center is the emulator, over HTTP.
 */
let core: Core;
beforeAll(async () => {
  core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterFor({ emulatorCustomers: 40 }), probeIntervalMs: 100 });
  await vi.waitFor(async () => expect(await value<Session>(core, 'getSession', {})).toMatchObject({ cachedCustomers: 40 }), { timeout: 10_000 });
});
afterAll(() => core.close());

const [societe, muller, cafe] = WELL_KNOWN;
const acceptance = { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '', dateAgreed: localToday() };

async function refusal(name: Parameters<Core['dispatch']>[0], input: unknown): Promise<AppError> {
  const result = await core.dispatch(name, input);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}
const queued = async () => (await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items;

describe('the core refuses hostile input', () => {
  it('refuses a key the call does not have inside a nested object (acceptance.role), naming it, and saves nothing', async () => {
    const before = (await queued()).length;
    const error = await refusal('confirmAcceptance', { customerId: societe!.id, acceptance: { ...acceptance, role: 'GlobalAdmin' } });
    expect(error).toMatchObject({ code: 'invalid-input', details: { issues: [{ path: ['acceptance'], message: 'validation.unknownKeys', params: { keys: '"role"' } }] } });
    expect(error.message).toBe('Some of the information is not valid: acceptance: Not a field of this request: "role".');
    expect((await queued()).length).toBe(before);
  });

  it('names a few of thousands of unknown keys and counts the rest, each quoted short', async () => {
    const junk = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`${'k'.repeat(200)}${i}`, i]));
    const error = await refusal('confirmAcceptance', { customerId: societe!.id, acceptance: { ...acceptance, ...junk } });
    expect(error.details?.issues).toEqual([{ path: ['acceptance'], message: 'validation.unknownKeys.more', params: { keys: expect.any(String), more: 2995 } }]);
    expect(error.message).toMatch(/^Some of the information is not valid: acceptance: Not fields of this request: ("k{79}…", ){4}"k{79}…" and 2,995 more\.$/);
  });

  it('lists a few of many problems in the sentence and keeps them all at their fields', async () => {
    const error = await refusal('planBulkRequest', { customerIds: Array.from({ length: 1000 }, (_, i) => `not-a-guid-${i}`) });
    expect(error.details?.issues).toHaveLength(1000);
    expect(error.message).toMatch(/; and 995 more$/);
    expect(error.message.length).toBeLessThan(600);
  });

  it('refuses invisible, broken and letterless names in every call that sends them, in the operator\u2019s language', async () => {
    const messages = async (name: Parameters<Core['dispatch']>[0], input: unknown) => (await refusal(name, input)).details?.issues?.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(await messages('confirmAcceptance', { customerId: societe!.id, acceptance: { ...acceptance, firstName: '\u200B\u200C\u200D', lastName: 'Ana\u202Egpj.exe' } })).toEqual([
      'acceptance.firstName: validation.firstName.invisible',
      'acceptance.lastName: validation.lastName.invisible',
    ]);
    expect(await messages('confirmAcceptance', { customerId: societe!.id, acceptance: { ...acceptance, firstName: 'An\uD800a', lastName: '1234' } })).toEqual([
      'acceptance.firstName: validation.text.malformed',
      'acceptance.lastName: validation.lastName.noLetter',
    ]);
    const request = { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie@example.com', phone: '////', companyName: 'Société\u2066', country: 'FR', language: 'fr' };
    expect(await messages('requestAcceptance', { customerId: cafe!.id, request })).toEqual(['request.phone: validation.phone.tooFewDigits', 'request.companyName: validation.companyName.invisible']);
    const discard = await refusal('discardItem', { itemId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff', reason: 'abc\u202E' });
    expect(discard.message).toBe('Some of the information is not valid: reason: The reason cannot contain invisible characters (zero-width spaces, direction marks).');
    expect((await queued()).some((i) => i.customerId === cafe!.id)).toBe(false);
  });

  it('answers "no such item" for the history of an unknown id, like retry, and finds an item whatever the case of its id', async () => {
    const unknown = '6f9619ff-8b86-4d11-b42d-00c04fc964ff';
    const history = await refusal('getQueueItemHistory', { itemId: unknown });
    expect(history).toEqual(await refusal('retryItem', { itemId: unknown }));
    expect(history).toMatchObject({ code: 'not-found', message: `There is no queue item ${unknown}.` });

    const saved = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: muller!.id, acceptance: { ...acceptance, lastName: 'Casse' } });
    const upper = saved.queueItemId.toUpperCase();
    expect(await value<{ attempts: Attempt[] }>(core, 'getQueueItemHistory', { itemId: upper })).toEqual(await value<{ attempts: Attempt[] }>(core, 'getQueueItemHistory', { itemId: saved.queueItemId }));
    // The same item for retry (refused for its state, not as unknown).
    expect(await refusal('retryItem', { itemId: upper })).toMatchObject({ code: 'conflict' });
  });

  it('fills the profile name into "already a profile named …", in the sentence and at the field', async () => {
    await value(core, 'createProfile', { name: 'Contoso test', cloud: 'public', environment: 'built-in-sandbox' });
    const error = await refusal('createProfile', { name: 'contoso TEST', cloud: 'public', environment: 'built-in-sandbox' });
    expect(error.message).toBe('Some of the information is not valid: name: There is already a profile named contoso TEST.');
    expect(error.details?.issues).toEqual([{ path: ['name'], message: 'error.profile.nameTaken', params: { name: 'contoso TEST' } }]);
  });

  it('quotes an unknown id of 900 KB back in 80 characters at most, invisible characters shown', async () => {
    const huge = `\u202E${'x'.repeat(900_000)}`;
    const error = await refusal('switchProfile', { profileId: huge });
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`There is no profile \uFFFD${'x'.repeat(78)}….`);
  });
});
