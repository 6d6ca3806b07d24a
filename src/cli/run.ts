import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { CallInput, CallName, CallOutput } from '../shared/contract';
import { queueStateSchema, type QueueItem } from '../shared/domain';
import { effectiveLocale, formatDate, formatDateTime, localeFromLangOption, translate, type MessageKey, type Params } from '../shared/i18n';
import type { AppError, ErrorCode } from '../shared/result';
import { quoteInput } from '../shared/quote-input';
import { customerIdSchema, queueItemIdSchema } from '../shared/validation';
import { startAppCore } from '../main/core/app-core';
import { ProfileRegistry } from '../main/core/profiles';
import { describeFailure } from '../main/core/app-failure';
import { drainUntilDone } from '../main/core/features/sync';
import { runCoverageCommand } from './coverage';
import { partnerCenterAt } from '../shells/partner-center';
import { activityCommandOf, runActivityCommand } from './activity';
import { runImport } from './import';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Thrown for bad arguments: printed with the usage hint, exit code 2. */
class UsageError extends Error {}

const options = {
  'data-dir': { type: 'string' },
  emulator: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
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
  lang: { type: 'string' },
  'poll-first-ms': { type: 'string' },
  'poll-cap-ms': { type: 'string' },
  parallelism: { type: 'string' },
  'lease-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'backoff-base-ms': { type: 'string' },
  'backoff-cap-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Translate = (key: MessageKey, params?: Params) => string;

const positiveInt = (t: Translate, name: string) =>
  z.coerce.number({ error: t('cli.usage.wholeNumber', { name }) }).int(t('cli.usage.wholeNumber', { name })).positive(t('cli.usage.aboveZero', { name })).optional();

/** The options every command takes, checked; messages in the operator's language. */
const commonOptions = (t: Translate) => {
  const positiveIntOption = (name: string) => positiveInt(t, name);
  return z.object({
    'data-dir': z.string().min(1).optional(),
    emulator: z.url({ protocol: /^https?$/, error: t('cli.usage.emulator') }).optional(),
    parallelism: positiveIntOption('parallelism'),
    'lease-ms': positiveIntOption('lease-ms'),
    'timeout-ms': positiveIntOption('timeout-ms'),
    'backoff-base-ms': positiveIntOption('backoff-base-ms'),
    'backoff-cap-ms': positiveIntOption('backoff-cap-ms'),
    'poll-first-ms': positiveIntOption('poll-first-ms'),
    'poll-cap-ms': positiveIntOption('poll-cap-ms'),
  });
};

/**
 * The CLI's language: --lang, else the installation's Settings → Language, else English (its
 * output is read by scripts too; --json is the same in every language).
 */
function cliLocale(lang: string | undefined, dataDir: string, t: Translate): string {
  if (lang === undefined) return effectiveLocale(new ProfileRegistry(dataDir).language(), 'en-US');
  const locale = localeFromLangOption(lang);
  if (!locale) throw new UsageError(t('cli.usage.lang'));
  return locale;
}

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
  let locale = 'en-US';
  const t: Translate = (key, params) => translate(locale, key, params);
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const dataDir = path.resolve(values['data-dir'] || path.join(os.homedir(), '.mca-desk'));
    locale = cliLocale(values.lang, dataDir, t);
    if (values.help || positionals.length === 0) {
      io.out(t('cli.usage'));
      return values.help ? 0 : 2;
    }
    const settings = commonOptions(t).safeParse(values);
    if (!settings.success) throw new UsageError(settings.error.issues.map((i) => i.message).join('; '));
    const [command, sub, ...rest] = positionals;
    const hasSub = command === 'queue' || command === 'activity';
    const key = [command, hasSub ? sub : undefined].filter(Boolean).join(' ');
    const known = ['queue add', 'queue request', 'queue list', 'queue send-anyway', 'queue link', 'queue check', 'sync', 'status', 'import', 'refresh', 'coverage', 'activity export', 'activity verify'];
    if (!known.includes(key)) throw new UsageError(t('cli.usage.unknownCommand', { command: positionals.join(' '), commands: known.join(', ') }));
    const takesItem = key === 'queue send-anyway' || key === 'queue link' || key === 'queue check';
    const extra = hasSub ? rest.slice(takesItem ? 1 : 0) : command === 'status' || command === 'import' ? rest : [sub, ...rest].filter((p) => p !== undefined);
    if (takesItem && !z.uuid().safeParse(rest[0] ?? '').success) throw new UsageError(rest[0] ? t('cli.usage.notAnItem', { value: rest[0] }) : t('cli.usage.needsItem', { command: key }));
    if (extra.length > 0) throw new UsageError(t('cli.usage.unexpected', { value: String(extra[0]) }));
    if (key === 'import' && !sub) throw new UsageError(t('cli.usage.importNeedsFile'));
    if (values['dry-run'] && key !== 'import') throw new UsageError(t('cli.usage.dryRunIsForImport'));
    if (key === 'sync' && !settings.data.emulator) throw new UsageError(t('cli.usage.syncNeedsEmulator'));
    if (key === 'refresh' && !settings.data.emulator) throw new UsageError(t('cli.usage.refreshNeedsEmulator'));
    const state = values.state === undefined ? undefined : queueStateSchema.safeParse(values.state);
    if (state && !state.success) throw new UsageError(t('cli.usage.state', { states: queueStateSchema.options.join(', ') }));
    const savesForCustomer = key === 'queue add' || key === 'queue request';
    const customerArg = key === 'status' ? sub : savesForCustomer ? values.customer : undefined;
    const customer = customerArg === undefined ? null : customerIdSchema.safeParse(customerArg);
    if (savesForCustomer && values.customer === undefined) throw new UsageError(t('cli.usage.customerRequired'));
    if (key === 'status' && sub === undefined) throw new UsageError(t('cli.usage.statusNeedsCustomer'));
    if (customer && !customer.success) throw new UsageError(t('validation.customerId.invalid'));
    const customerId = customer?.success ? customer.data : '';
    const activity = command === 'activity' ? activityCommandOf(sub, values, locale) : null;
    if (activity && !activity.ok) throw new UsageError(activity.message);

    // The same core and the same calls as the app, in the foreground: no probing, no sending
    // until "sync" asks for it. With --emulator it talks to that Partner Center; without, it works
    // offline as the account last signed in.
    const emulator = settings.data.emulator;
    core = await startAppCore({
      dataDir,
      partnerCenter: emulator ? partnerCenterAt(emulator) : async () => null,
      background: false,
      // The core's messages (refusals, errors) in the CLI's language.
      locale: 'en-US',
      commandLineLocale: locale,
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
      if (!read.ok) io.err(t('cli.readFailed', { message: read.error.message }));
    };
    const item = async (itemId: string) => {
      // The queue calls' rule for ids (a UUID, any case), and the id quoted short when unknown.
      const id = queueItemIdSchema.safeParse(itemId);
      const found = id.success ? (await call('listQueue', {})).items.find((i) => i.id === id.data) : undefined;
      if (!found) throw new Refused({ code: 'not-found', message: t('error.queue.not-found', { id: quoteInput(itemId) }) }, true);
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
        else io.out(t('cli.saved', { id: saved.queueItemId, company: saved.customer.companyName }));
        return 0;
      }
      case 'queue request': {
        await readFirst();
        const detail = await call('getCustomer', { customerId });
        const country = values.country ?? detail.country;
        if (!country) throw new UsageError(t('cli.usage.countryNeeded', { company: detail.companyName }));
        const language = values.language ?? detail.language ?? 'en';
        const saved = await call('requestAcceptance', {
          customerId,
          request: { firstName: values['first-name'] ?? '', lastName: values['last-name'] ?? '', email: values.email ?? '', phone: values.phone ?? '', companyName: detail.companyName, country, language },
        });
        if (values.json) io.out(JSON.stringify({ queueItemId: saved.queueItemId, state: 'queued' }));
        else io.out(t('cli.requestSaved', { id: saved.queueItemId, company: saved.customer.companyName }));
        return 0;
      }
      case 'queue link': {
        const found = await item(rest[0]!);
        const url = found.request?.acceptanceUrl;
        if (!url) throw new Refused({ code: 'conflict', message: found.request ? t('cli.noLinkYet', { id: found.id, state: found.state }) : t('cli.notARequest', { id: found.id }) }, true);
        io.out(values.json ? JSON.stringify({ url }) : url);
        return 0;
      }
      case 'queue check': {
        const checked = await call('checkNow', { itemId: rest[0]! }, ['not-found', 'conflict']);
        io.out(t('cli.willCheck', { id: checked.id }));
        return 0;
      }
      case 'queue send-anyway': {
        const sent = await call('sendAnyway', { itemId: rest[0]! }, ['not-found', 'conflict']);
        if (values.json) io.out(JSON.stringify({ queueItemId: sent.id, state: sent.state }));
        else io.out(t('cli.sendAnyway', { id: sent.id, company: sent.companyName }));
        return 0;
      }
      case 'queue list': {
        const { items } = await call('listQueue', state?.data ? { state: state.data } : {});
        if (values.json) io.out(JSON.stringify(items));
        else printQueue(items, io, t);
        return 0;
      }
      case 'status': {
        const detail = await call('getCustomer', { customerId });
        if (values.json) io.out(JSON.stringify(detail));
        else {
          io.out(`${detail.companyName} (${detail.domain})`);
          const status = t(`ui.status.${detail.mca.status}`);
          io.out(detail.mca.lastVerifiedAt ? t('cli.status.lastVerified', { status, time: formatDateTime(locale, detail.mca.lastVerifiedAt) }) : t('cli.status.mca', { status }));
          for (const r of detail.mca.partnerRecords) io.out(t('cli.status.record', { name: `${r.contact.firstName} ${r.contact.lastName}`, email: r.contact.email, date: formatDate(locale, r.dateAgreed) }));
          const pending = detail.mca.pending;
          if (pending) io.out(pending.lastError ? t('cli.status.localError', { state: pending.state, message: pending.lastError.message }) : t('cli.status.local', { state: pending.state }));
        }
        return 0;
      }
      case 'activity export':
      case 'activity verify':
        // Read (and refused if wrong) before the core started.
        if (!activity?.ok) return 2;
        return await runActivityCommand(activity.command, locale, call, io);
      case 'import': {
        // Online, customers not cached are looked up in Partner Center.
        if (emulator) await started.internals.connectivity.check();
        const refuse = (message: string): never => {
          throw new Refused({ code: 'invalid-input', message }, true);
        };
        return await runImport({ file: sub!, dryRun: values['dry-run'] === true, json: values.json === true, locale, out: io.out, call, refuse });
      }
      case 'refresh':
      case 'coverage':
        return await runCoverageCommand({ command: key === 'refresh' ? 'refresh' : 'coverage', call, connectivity: emulator ? started.internals.connectivity : null, json: values.json === true, locale, out: io.out });
      case 'sync': {
        await drainUntilDone(started.internals, values.once === true);
        const counts = (await call('getSyncStatus', {})).counts;
        const summary = { ...counts, waiting: counts.waitingForCustomer };
        io.out(values.json ? JSON.stringify(counts) : t(counts.waitingForCustomer > 0 ? 'cli.sync.summaryWaiting' : 'cli.sync.summary', summary));
        if (!values.json && counts.alreadyConfirmed > 0) io.out(t('cli.sync.alreadyConfirmedNote'));
        return 0;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`mca-desk: ${error.message}\n${t('cli.seeHelp')}`);
      return 2;
    }
    const described = error instanceof Refused ? error.error : describeFailure(error, locale);
    io.err(`mca-desk: ${described.message}`);
    return error instanceof Refused && error.usage ? 2 : 1;
  } finally {
    await core?.close();
  }
}

function printQueue(items: QueueItem[], io: Io, t: Translate): void {
  if (items.length === 0) {
    io.out(t('cli.queue.empty'));
    return;
  }
  for (const i of items) {
    const who = `${i.contact.firstName} ${i.contact.lastName} <${i.contact.email}>`;
    // The state as --state takes it, so a listing can be filtered by what it shows.
    const row = t('cli.queue.row', { id: i.id, state: i.state.padEnd(20), attempts: i.attempts, company: i.companyName, who, date: i.dateAgreed ?? '-' });
    const error = i.lastError ? (i.lastError.partnerCenterCode ? t('cli.queue.lastErrorCode', { message: i.lastError.message, code: i.lastError.partnerCenterCode }) : t('cli.queue.lastError', { message: i.lastError.message })) : '';
    io.out(row + error);
  }
}
