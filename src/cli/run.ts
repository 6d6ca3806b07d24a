import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { queueStateSchema, type QueueItem } from '../shared/domain';
import { translate } from '../shared/i18n';
import { customerIdSchema } from '../shared/validation';
import { AppFailure, toFailure } from '../main/core/app-failure';
import { actorOf, detailOf, ensureCached, openServices, OFFLINE_URL, requireConfirmRole, saveConfirmation, verifyNow, type Services } from '../main/core/services';
import { iso } from '../main/core/clock';
import { isPartnerCenterError } from '../main/core/partner-center';
import { mayAct } from '../shared/queue-actions';

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
  sync [--once]          send queued items to Partner Center; --once: one pass over what is due now,
                         otherwise until nothing is left to send
  status CUSTOMER [--json]
                         the customer's MCA status from the local store

Options for every command:
  --data-dir DIR         MCA Desk's data folder (default ~/.mca-desk)
  --emulator URL         the Partner Center (emulator) to talk to; without it, local commands work
                         offline and sync refuses to run
Sync settings: --parallelism N, --lease-ms MS, --timeout-ms MS, --backoff-base-ms MS, --backoff-cap-ms MS`;

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
});

/** Runs one CLI command; resolves with the process exit code (0 ok, 1 failed, 2 bad arguments). */
export async function run(argv: string[], io: Io): Promise<number> {
  let services: Services | null = null;
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
    const known = ['queue add', 'queue list', 'queue send-anyway', 'sync', 'status'];
    if (!known.includes(key)) throw new UsageError(`unknown command "${positionals.join(' ')}"; commands: ${known.join(', ')}`);
    const takesItem = key === 'queue send-anyway';
    const extra = command === 'queue' ? rest.slice(takesItem ? 1 : 0) : command === 'status' ? rest : [sub, ...rest].filter((p) => p !== undefined);
    if (takesItem && !z.uuid().safeParse(rest[0] ?? '').success) throw new UsageError(rest[0] ? `"${rest[0]}" is not a queue item id` : `${key} needs an ITEM id (see queue list)`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (key === 'sync' && !settings.data.emulator) throw new UsageError('sync needs --emulator URL (the Partner Center to send to)');

    services = await openServices({
      dataDir: path.resolve(settings.data['data-dir'] ?? path.join(os.homedir(), '.mca-desk')),
      partnerCenterUrl: settings.data.emulator ?? null,
      ...(settings.data['timeout-ms'] ? { timeoutMs: settings.data['timeout-ms'] } : {}),
      sync: {
        ...(settings.data.parallelism ? { parallelism: settings.data.parallelism } : {}),
        ...(settings.data['lease-ms'] ? { leaseMs: settings.data['lease-ms'] } : {}),
        ...(settings.data['backoff-base-ms'] ? { backoffBaseMs: settings.data['backoff-base-ms'] } : {}),
        ...(settings.data['backoff-cap-ms'] ? { backoffCapMs: settings.data['backoff-cap-ms'] } : {}),
      },
    });
    const s = services;

    switch (key) {
      case 'queue add': {
        const customer = customerIdSchema.safeParse(values.customer ?? '');
        if (!customer.success) throw new UsageError(values.customer ? translate(s.locale, 'validation.customerId.invalid') : '--customer ID is required');
        await ensureCached(s, customer.data);
        // What the operator has in front of them is the status as read now, when Partner
        // Center answers; offline, the local store's last read.
        const read = await readBeforeSaving(s, customer.data);
        if (!read.ok) io.err(`mca-desk: ${read.reason}`);
        const itemId = saveConfirmation(s, customer.data, {
          firstName: values['first-name'] ?? '',
          lastName: values['last-name'] ?? '',
          email: values.email ?? '',
          phone: values.phone ?? '',
          dateAgreed: values.date ?? '',
        });
        if (values.json) io.out(JSON.stringify({ queueItemId: itemId, state: 'queued' }));
        else io.out(`Saved ${itemId}: queued for ${s.customers.get(customer.data)?.companyName ?? customer.data}.`);
        return 0;
      }
      case 'queue send-anyway': {
        const itemId = rest[0]!;
        const item = s.outbox.get(itemId);
        if (!item) throw new UsageError(translate(s.locale, 'error.queue.not-found', { id: itemId }));
        if (!mayAct('send-anyway', item)) throw new UsageError(translate(s.locale, 'error.queue.wrong-state.send-anyway', { id: itemId, state: item.state }));
        requireConfirmRole(s);
        const sent = s.outbox.sendAnyway(itemId, actorOf(s), iso(s.clock.now()));
        if (values.json) io.out(JSON.stringify({ queueItemId: sent.id, state: sent.state }));
        else io.out(`Queued ${sent.id} to be sent anyway (${sent.companyName}); run "mca-desk sync" to send it.`);
        return 0;
      }
      case 'queue list': {
        const state = values.state === undefined ? undefined : queueStateSchema.safeParse(values.state);
        if (state && !state.success) throw new UsageError(`--state must be one of ${queueStateSchema.options.join(', ')}`);
        const items = s.outbox.list(state?.data);
        if (values.json) io.out(JSON.stringify(items));
        else printQueue(items, io);
        return 0;
      }
      case 'status': {
        const id = customerIdSchema.safeParse(sub ?? '');
        if (!id.success) throw new UsageError(sub ? translate(s.locale, 'validation.customerId.invalid') : 'status needs a CUSTOMER id');
        const detail = detailOf(s, id.data);
        if (values.json) io.out(JSON.stringify(detail));
        else {
          io.out(`${detail.companyName} (${detail.domain})`);
          io.out(`MCA status: ${detail.mca.status}${detail.mca.lastVerifiedAt ? `, last verified ${detail.mca.lastVerifiedAt}` : ''}`);
          for (const r of detail.mca.partnerRecords) io.out(`  confirmed: ${r.contact.firstName} ${r.contact.lastName} <${r.contact.email}> on ${r.dateAgreed}`);
          if (detail.mca.pending) io.out(`  local: ${detail.mca.pending.state}${detail.mca.pending.lastError ? ` (${detail.mca.pending.lastError.message})` : ''}`);
        }
        return 0;
      }
      case 'sync': {
        await s.connectivity.check();
        if (!s.connectivity.online) throw new AppFailure('offline', translate(s.locale, 'error.unreachable', { message: s.partnerCenterUrl }));
        await syncUntilDone(s, values.once === true);
        const counts = s.outbox.counts();
        io.out(values.json ? JSON.stringify(counts) : `Queued ${counts.queued}, confirmed ${counts.confirmed}, already confirmed ${counts.alreadyConfirmed}, needs attention ${counts.needsAttention}.`);
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
    const failure = toFailure(error, services?.locale ?? 'en-US');
    io.err(`mca-desk: ${failure.message}`);
    return 1;
  } finally {
    await services?.close();
  }
}

/**
 * Reads the customer's status from Partner Center before a confirmation is saved, as opening the
 * customer does in the app. Offline (no --emulator, or no answer) the local store's last read
 * stands; `reason` says why it was not read now.
 */
async function readBeforeSaving(s: Services, customerId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (s.partnerCenterUrl === OFFLINE_URL) return { ok: true };
  await s.connectivity.check();
  if (!s.connectivity.online) return { ok: false, reason: 'Partner Center could not be reached; saved against the status last read on this computer.' };
  try {
    await verifyNow(s, customerId);
    return { ok: true };
  } catch (error) {
    // The confirmation is never lost for want of a read: it is saved against the last one.
    if (isPartnerCenterError(error)) return { ok: false, reason: `The customer's status could not be read now (${error.message}); saved against the status last read on this computer.` };
    throw error;
  }
}

/**
 * Drains the queue. --once: a single pass over what is due now. Otherwise keep going (waiting
 * out backoff and throttling) until nothing is queued, or the connection is lost.
 */
async function syncUntilDone(s: Services, once: boolean): Promise<void> {
  s.engine.kick();
  await s.engine.idle();
  if (once) return;
  for (;;) {
    const counts = s.outbox.counts();
    if (counts.queued + counts.sending === 0) return;
    const status = s.engine.status();
    if (status.waiting?.reason === 'offline' || status.waiting?.reason === 'sign-in-needed') {
      throw new Error(status.waiting.reason === 'offline' ? 'Partner Center became unreachable; items stay queued.' : 'Sign-in needed; items stay queued.');
    }
    const nextDue = s.outbox.nextDueAt();
    const until = status.waiting?.reason === 'throttled' ? Date.parse(status.waiting.until) : nextDue ? Date.parse(nextDue) : Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(20, Math.min(until - Date.now(), 5_000))));
    s.engine.kick();
    await s.engine.idle();
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
    io.out(`${i.id}  ${i.state.padEnd(17)} attempts ${i.attempts}  ${i.companyName} — ${who}, ${i.dateAgreed}${error}`);
  }
}
