import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { CallInput, CallName, CallOutput } from '../shared/contract';
import { queueStateSchema, type QueueItem } from '../shared/domain';
import { translate } from '../shared/i18n';
import type { AppError, ErrorCode } from '../shared/result';
import { customerIdSchema } from '../shared/validation';
import { startAppCore } from '../main/core/app-core';
import { describeFailure } from '../main/core/app-failure';
import { drainUntilDone } from '../main/core/features/sync';
import { runCoverageCommand } from './coverage';
import { partnerCenterAt } from '../shells/partner-center';

/** The CLI speaks English (its output is read by scripts too); the core's messages follow. */
const LOCALE = 'en-US';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `Usage: mca-desk <command> [options]

Commands:
  queue add --customer ID --first-name NAME --last-name NAME --email EMAIL [--phone PHONE] --date YYYY-MM-DD
                         save a confirmation in the local queue (works offline). Online, the
                         customer's status is read first: records it shows are re-confirmed;
                         records found later that it did not show make the item "already-confirmed"
  queue list [--json] [--state STATE]
                         list queue items, newest first
  queue send-anyway ITEM send an already-confirmed item still (Partner Center held an acceptance
                         that was not known when it was saved)
  queue request --customer ID --first-name NAME --last-name NAME --email EMAIL [--phone PHONE]
                [--country CC] [--language LL]
                         save a request for the customer to accept the agreement on Microsoft's
                         page (country and language default to the customer's)
  queue link ITEM [--json]
                         the link the customer accepts on ({"url": …} with --json)
  queue check ITEM       check a request waiting for the customer at the next sync (now, not later)
  sync [--once]          send queued items to Partner Center; --once: one pass over what is due now,
                         otherwise until nothing is left to send but requests waiting for customers
  status CUSTOMER [--json]
                         the customer's MCA status from the local store
  refresh [--json]       read the customers and their MCA statuses from Partner Center (as the
                         app's Refresh); needs --emulator URL
  coverage [--json]      how many customers are confirmed, accepted by the customer, not
                         confirmed, pending sync, waiting for the customer, needing attention,
                         not yet verified (each counted once), and confirmed on an earlier
                         version of the agreement, from the local store

Options for every command:
  --data-dir DIR         MCA Desk's data folder (default ~/.mca-desk)
  --emulator URL         the Partner Center (emulator) to talk to; without it, local commands work
                         offline and sync refuses to run
Sync settings: --parallelism N, --lease-ms MS, --timeout-ms MS, --backoff-base-ms MS, --backoff-cap-ms MS,
  --poll-first-ms MS, --poll-cap-ms MS (checking whether customers accepted: first, longest wait)`;

/** Thrown for bad arguments: printed with the usage hint, exit code 2. */
class UsageError extends Error {}

const options = {
  'data-dir': { type: 'string' },
  emulator: { type: 'string' },
  json: { type: 'boolean' },
  once: { type: 'boolean' },
  state: { type: 'string' },
  customer: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  email: { type: 'string' },
  phone: { type: 'string' },
  date: { type: 'string' },
  country: { type: 'string' },
  language: { type: 'string' },
  'poll-first-ms': { type: 'string' },
  'poll-cap-ms': { type: 'string' },
  parallelism: { type: 'string' },
  'lease-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'backoff-base-ms': { type: 'string' },
  'backoff-cap-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const positiveInt = (name: string) =>
  z.coerce.number({ error: `--${name} must be a whole number` }).int(`--${name} must be a whole number`).positive(`--${name} must be above 0`).optional();

const common = z.object({
  'data-dir': z.string().min(1).optional(),
  emulator: z.url({ protocol: /^https?$/, error: '--emulator must be an http(s) URL like http://127.0.0.1:4100' }).optional(),
  parallelism: positiveInt('parallelism'),
  'lease-ms': positiveInt('lease-ms'),
  'timeout-ms': positiveInt('timeout-ms'),
  'backoff-base-ms': positiveInt('backoff-base-ms'),
  'backoff-cap-ms': positiveInt('backoff-cap-ms'),
  'poll-first-ms': positiveInt('poll-first-ms'),
  'poll-cap-ms': positiveInt('poll-cap-ms'),
});

/** A refusal the core answered, in the operator's words; `usage`: counts as a bad argument (exit 2). */
class Refused extends Error {
  constructor(
    readonly error: AppError,
    readonly usage = false,
  ) {
    super(error.message);
  }
}

/** Runs one CLI command; resolves with the process exit code (0 ok, 1 failed, 2 bad arguments). */
export async function run(argv: string[], io: Io): Promise<number> {
  let core: Awaited<ReturnType<typeof startAppCore>> | null = null;
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (values.help || positionals.length === 0) {
      io.out(USAGE);
      return values.help ? 0 : 2;
    }
    const settings = common.safeParse(values);
    if (!settings.success) throw new UsageError(settings.error.issues.map((i) => i.message).join('; '));
    const [command, sub, ...rest] = positionals;
    const key = [command, command === 'queue' ? sub : undefined].filter(Boolean).join(' ');
    const known = ['queue add', 'queue request', 'queue list', 'queue send-anyway', 'queue link', 'queue check', 'sync', 'status', 'refresh', 'coverage'];
    if (!known.includes(key)) throw new UsageError(`unknown command "${positionals.join(' ')}"; commands: ${known.join(', ')}`);
    const takesItem = key === 'queue send-anyway' || key === 'queue link' || key === 'queue check';
    const extra = command === 'queue' ? rest.slice(takesItem ? 1 : 0) : command === 'status' ? rest : [sub, ...rest].filter((p) => p !== undefined);
    if (takesItem && !z.uuid().safeParse(rest[0] ?? '').success) throw new UsageError(rest[0] ? `"${rest[0]}" is not a queue item id` : `${key} needs an ITEM id (see queue list)`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (key === 'sync' && !settings.data.emulator) throw new UsageError('sync needs --emulator URL (the Partner Center to send to)');
    if (key === 'refresh' && !settings.data.emulator) throw new UsageError('refresh needs --emulator URL (the Partner Center to read from)');
    const state = values.state === undefined ? undefined : queueStateSchema.safeParse(values.state);
    if (state && !state.success) throw new UsageError(`--state must be one of ${queueStateSchema.options.join(', ')}`);
    const savesForCustomer = key === 'queue add' || key === 'queue request';
    const customerArg = key === 'status' ? sub : savesForCustomer ? values.customer : undefined;
    const customer = customerArg === undefined ? null : customerIdSchema.safeParse(customerArg);
    if (savesForCustomer && values.customer === undefined) throw new UsageError('--customer ID is required');
    if (key === 'status' && sub === undefined) throw new UsageError('status needs a CUSTOMER id');
    if (customer && !customer.success) throw new UsageError(translate(LOCALE, 'validation.customerId.invalid'));
    const customerId = customer?.success ? customer.data : '';

    // The same core and the same calls as the app, in the foreground: no probing, no sending
    // until "sync" asks for it. With --emulator it talks to that Partner Center; without, it works
    // offline as the account last signed in.
    const emulator = settings.data.emulator;
    core = await startAppCore({
      dataDir: path.resolve(settings.data['data-dir'] ?? path.join(os.homedir(), '.mca-desk')),
      partnerCenter: emulator ? partnerCenterAt(emulator) : async () => null,
      background: false,
      locale: LOCALE,
      ...(settings.data['timeout-ms'] ? { timeoutMs: settings.data['timeout-ms'] } : {}),
      sync: {
        ...(settings.data.parallelism ? { parallelism: settings.data.parallelism } : {}),
        ...(settings.data['lease-ms'] ? { leaseMs: settings.data['lease-ms'] } : {}),
        ...(settings.data['backoff-base-ms'] ? { backoffBaseMs: settings.data['backoff-base-ms'] } : {}),
        ...(settings.data['backoff-cap-ms'] ? { backoffCapMs: settings.data['backoff-cap-ms'] } : {}),
        ...(settings.data['poll-first-ms'] ? { pollFirstMs: settings.data['poll-first-ms'] } : {}),
        ...(settings.data['poll-cap-ms'] ? { pollCapMs: settings.data['poll-cap-ms'] } : {}),
      },
    });
    const started = core;
    const call = async <K extends CallName>(name: K, input: CallInput<K>, usageCodes: readonly ErrorCode[] = []): Promise<CallOutput<K>> => {
      const result = await started.dispatch(name, input);
      if (!result.ok) throw new Refused(result.error, usageCodes.includes(result.error.code));
      return result.value as CallOutput<K>;
    };

    // What the operator has in front of them is the customer as read now, when Partner Center
    // answers (as opening a customer does in the app); offline, the local store's last read.
    const readFirst = async () => {
      if (!emulator) return;
      await started.internals.connectivity.check();
      const read = await started.dispatch('verifyCustomer', { customerId });
      if (!read.ok) io.err(`mca-desk: the customer could not be read now (${read.error.message}); saving against what this computer read last.`);
    };
    const item = async (itemId: string) => {
      const found = (await call('listQueue', {})).items.find((i) => i.id === itemId);
      if (!found) throw new Refused({ code: 'not-found', message: translate(LOCALE, 'error.queue.not-found', { id: itemId }) }, true);
      return found;
    };

    switch (key) {
      case 'queue add': {
        await readFirst();
        const saved = await call('confirmAcceptance', {
          customerId,
          acceptance: { firstName: values['first-name'] ?? '', lastName: values['last-name'] ?? '', email: values.email ?? '', phone: values.phone ?? '', dateAgreed: values.date ?? '' },
        });
        if (values.json) io.out(JSON.stringify({ queueItemId: saved.queueItemId, state: 'queued' }));
        else io.out(`Saved ${saved.queueItemId}: queued for ${saved.customer.companyName}.`);
        return 0;
      }
      case 'queue request': {
        await readFirst();
        const detail = await call('getCustomer', { customerId });
        const country = values.country ?? detail.country;
        if (!country) throw new UsageError(`--country CC is needed: the country of ${detail.companyName} is not known yet`);
        const language = values.language ?? detail.language ?? 'en';
        const saved = await call('requestAcceptance', {
          customerId,
          request: { firstName: values['first-name'] ?? '', lastName: values['last-name'] ?? '', email: values.email ?? '', phone: values.phone ?? '', companyName: detail.companyName, country, language },
        });
        if (values.json) io.out(JSON.stringify({ queueItemId: saved.queueItemId, state: 'queued' }));
        else io.out(`Saved ${saved.queueItemId}: a request for ${saved.customer.companyName} to accept, created at Partner Center by the next sync; "mca-desk queue link ${saved.queueItemId}" prints its link then.`);
        return 0;
      }
      case 'queue link': {
        const found = await item(rest[0]!);
        const url = found.request?.acceptanceUrl;
        if (!url) throw new Refused({ code: 'conflict', message: found.request ? `${found.id} has no link yet: Partner Center creates the request when it is synced (state ${found.state}).` : `${found.id} is not an acceptance request.` }, true);
        io.out(values.json ? JSON.stringify({ url }) : url);
        return 0;
      }
      case 'queue check': {
        const checked = await call('checkNow', { itemId: rest[0]! }, ['not-found', 'conflict']);
        io.out(`${checked.id} will be checked at the next sync ("mca-desk sync --once").`);
        return 0;
      }
      case 'queue send-anyway': {
        const sent = await call('sendAnyway', { itemId: rest[0]! }, ['not-found', 'conflict']);
        if (values.json) io.out(JSON.stringify({ queueItemId: sent.id, state: sent.state }));
        else io.out(`Queued ${sent.id} to be sent anyway (${sent.companyName}); run "mca-desk sync" to send it.`);
        return 0;
      }
      case 'queue list': {
        const { items } = await call('listQueue', state?.data ? { state: state.data } : {});
        if (values.json) io.out(JSON.stringify(items));
        else printQueue(items, io);
        return 0;
      }
      case 'status': {
        const detail = await call('getCustomer', { customerId });
        if (values.json) io.out(JSON.stringify(detail));
        else {
          io.out(`${detail.companyName} (${detail.domain})`);
          io.out(`MCA status: ${detail.mca.status}${detail.mca.lastVerifiedAt ? `, last verified ${detail.mca.lastVerifiedAt}` : ''}`);
          for (const r of detail.mca.partnerRecords) io.out(`  confirmed: ${r.contact.firstName} ${r.contact.lastName} <${r.contact.email}> on ${r.dateAgreed}`);
          if (detail.mca.pending) io.out(`  local: ${detail.mca.pending.state}${detail.mca.pending.lastError ? ` (${detail.mca.pending.lastError.message})` : ''}`);
        }
        return 0;
      }
      case 'refresh':
      case 'coverage':
        return await runCoverageCommand({ command: key === 'refresh' ? 'refresh' : 'coverage', call, connectivity: emulator ? started.internals.connectivity : null, json: values.json === true, locale: LOCALE, out: io.out });
      case 'sync': {
        await drainUntilDone(started.internals, values.once === true);
        const counts = (await call('getSyncStatus', {})).counts;
        const waiting = counts.waitingForCustomer > 0 ? `, waiting for customer ${counts.waitingForCustomer}` : '';
        io.out(values.json ? JSON.stringify(counts) : `Queued ${counts.queued}${waiting}, confirmed ${counts.confirmed}, already confirmed ${counts.alreadyConfirmed}, needs attention ${counts.needsAttention}.`);
        if (!values.json && counts.alreadyConfirmed > 0) {
          io.out('"already confirmed": Partner Center held an acceptance that was not known when the item was saved; nothing was sent. "mca-desk queue send-anyway ITEM" sends it still.');
        }
        return 0;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`mca-desk: ${error.message}\nRun "mca-desk --help" for usage.`);
      return 2;
    }
    const described = error instanceof Refused ? error.error : describeFailure(error, LOCALE);
    io.err(`mca-desk: ${described.message}`);
    return error instanceof Refused && error.usage ? 2 : 1;
  } finally {
    await core?.close();
  }
}

function printQueue(items: QueueItem[], io: Io): void {
  if (items.length === 0) {
    io.out('The queue is empty.');
    return;
  }
  for (const i of items) {
    const who = `${i.contact.firstName} ${i.contact.lastName} <${i.contact.email}>`;
    const error = i.lastError ? `  last error: ${i.lastError.message}${i.lastError.partnerCenterCode ? ` (code ${i.lastError.partnerCenterCode})` : ''}` : '';
    io.out(`${i.id}  ${i.state.padEnd(20)} attempts ${i.attempts}  ${i.companyName} — ${who}, ${i.dateAgreed ?? '-'}${error}`);
  }
}
