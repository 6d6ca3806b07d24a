import { confirmationMethodOf } from '../../../shared/domain';
import {
  checkImportRow,
  IMPORT_LIMITS,
  ImportFileError,
  parseImportCsv,
  personKey,
  type CustomerRef,
  type ImportMode,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportRow,
  type RowCheck,
} from '../../../shared/import-csv';
import { localToday, type AcceptanceInput } from '../../../shared/validation';
import { AppFailure } from '../app-failure';
import { iso, newId } from '../clock';
import type { ProfileParts } from '../compose';
import type { ImportEntry, RequestInput } from '../confirmations/outbox';
import type { CustomerBrief } from '../customers/customer-repo';
import { isPartnerCenterError } from '../partner-center';
import { operatorView } from './confirmations';
import { agreementLanguage } from './requests';
import { verifyNow } from './customers';
import { afterQueueChange } from './queue-change';
import { actorOf, requireMayConfirm } from './session';

/**
 * Bulk import: a CSV file (or rows the operator fixed, or rows made by code) → a preview with an
 * error at each field → the valid rows queued in one transaction. The file's own rules are in
 * src/shared/import-csv.ts; here what needs the store: which customer a row names (the cache,
 * then Partner Center when online), the same person twice, who is in the queue already. The queue
 * call checks everything again: what the renderer sends back is never trusted.
 */

type Parts = Pick<
  ProfileParts,
  'profile' | 'signIn' | 'connectivity' | 'customers' | 'statuses' | 'outbox' | 'engine' | 'emit' | 'clock' | 'locale' | 'client' | 'agreements' | 'meta'
>;

/** Customers unknown here that one preview looks up in Partner Center, at most (each costs 3–4 requests). */
export const MAX_LOOKUPS = 50;
const LOOKUP_PARALLELISM = 4;

type Resolution = CustomerBrief | { error: string; params?: Record<string, string | number> };

export function importModeOf(p: Pick<ProfileParts, 'profile'>): ImportMode {
  return confirmationMethodOf(p.profile) === 'customer-acceptance' ? 'request' : 'confirm';
}

const refKey = (ref: CustomerRef) => (ref.kind === 'id' ? `id:${ref.id}` : `domain:${ref.domain}`);

/** The customers rows name, from the local cache only, keyed by refKey. */
function cached(p: Pick<Parts, 'customers'>, refs: Iterable<CustomerRef>): Map<string, CustomerBrief> {
  const list = [...refs];
  const { byId, byDomain } = p.customers.findMany(
    list.flatMap((r) => (r.kind === 'id' ? [r.id] : [])),
    list.flatMap((r) => (r.kind === 'domain' ? [r.domain] : [])),
  );
  const found = new Map<string, CustomerBrief>();
  for (const ref of list) {
    const customer = ref.kind === 'id' ? byId.get(ref.id) : byDomain.get(ref.domain);
    if (customer) found.set(refKey(ref), customer);
  }
  return found;
}

/**
 * Customers not cached, looked up in Partner Center (by id, or by domain through the customer
 * search, exact match only) and cached with their status, so what the operator saw is on record.
 */
async function lookUp(p: Parts, refs: CustomerRef[]): Promise<Map<string, Resolution>> {
  const found = new Map<string, Resolution>();
  const queue = refs.slice(0, MAX_LOOKUPS);
  for (const ref of refs.slice(MAX_LOOKUPS)) found.set(refKey(ref), { error: 'import.error.notLookedUp', params: { max: MAX_LOOKUPS } });
  const one = async (ref: CustomerRef): Promise<Resolution> => {
    if (!p.connectivity.online) return { error: 'import.error.unknownCustomerOffline' };
    try {
      let id: string | null = ref.kind === 'id' ? ref.id : null;
      if (ref.kind === 'domain') {
        const pages = p.client.listCustomers({ pageSize: 50, filter: { field: 'Domain', value: ref.domain } }, { correlationId: newId() });
        const first = await pages.next();
        await pages.return(undefined);
        const match = first.done ? undefined : first.value.items.find((c) => c.companyProfile.domain.toLowerCase() === ref.domain);
        id = match ? match.id.toLowerCase() : null;
      }
      if (!id) return { error: 'import.error.unknownCustomer' };
      await verifyNow(p, id);
      return p.customers.findMany([id], []).byId.get(id) ?? { error: 'import.error.unknownCustomer' };
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'not-found') return { error: 'import.error.unknownCustomer' };
      if (isPartnerCenterError(error) && (error.kind === 'network' || error.kind === 'timeout')) return { error: 'import.error.unknownCustomerOffline' };
      return { error: 'import.error.lookupFailed', params: { message: error instanceof Error ? error.message : String(error) } };
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const ref = queue[next++]!;
      found.set(refKey(ref), await one(ref));
    }
  };
  await Promise.all(Array.from({ length: LOOKUP_PARALLELISM }, worker));
  return found;
}

interface Checked {
  preview: ImportPreviewRow;
  check: RowCheck;
  /** Requests: the country and language, the row's or else the customer's. */
  country: string | null;
  language: string | null;
}

/**
 * Every row checked: its fields, its customer, the same person earlier in the file (the later
 * copy is the one flagged), the same person in the queue already. `online`: ask Partner Center
 * for customers not cached (the preview); the queue call reads the cache only.
 */
async function checkRows(p: Parts, rows: readonly ImportRow[], mode: ImportMode, online: boolean): Promise<Checked[]> {
  const today = localToday(p.clock.now());
  const checks = rows.map((row) => checkImportRow(row, mode, today));

  const refs = new Map<string, CustomerRef>();
  for (const check of checks) if (check.customer) refs.set(refKey(check.customer), check.customer);
  const resolved = new Map<string, Resolution>(cached(p, refs.values()));
  const unknown = [...refs].filter(([key]) => !resolved.has(key)).map(([, ref]) => ref);
  if (online && unknown.length > 0) for (const [key, resolution] of await lookUp(p, unknown)) resolved.set(key, resolution);
  else if (!online) for (const ref of unknown) resolved.set(refKey(ref), { error: 'import.error.unknownCustomer' });
  else if (unknown.length > 0 && !p.connectivity.online) for (const ref of unknown) resolved.set(refKey(ref), { error: 'import.error.unknownCustomerOffline' });

  const queued = p.outbox.queuedPeople();
  const firstLine = new Map<string, number>();
  return rows.map((row, i) => {
    const check = checks[i]!;
    const errors = [...check.errors];
    const resolution = check.customer ? resolved.get(refKey(check.customer)) : undefined;
    let customer: CustomerBrief | null = null;
    if (resolution && 'id' in resolution) customer = resolution;
    else if (resolution) errors.push({ field: 'customer', message: resolution.error, ...(resolution.params ? { params: resolution.params } : {}) });
    let country = check.country;
    let language = check.language;
    if (customer && mode === 'request') {
      country ??= customer.country ? customer.country.toUpperCase() : null;
      language ??= agreementLanguage(customer.language);
      if (!country && !check.errors.some((e) => e.field === 'country')) errors.push({ field: 'country', message: 'import.error.countryUnknown' });
      if (!language && !check.errors.some((e) => e.field === 'language')) errors.push({ field: 'language', message: 'import.error.languageUnknown' });
    }
    if (customer && check.person) {
      const key = personKey(customer.id, check.person.email);
      const earlier = firstLine.get(key);
      if (earlier !== undefined) errors.push({ field: 'email', message: 'import.error.duplicate', params: { line: earlier } });
      else {
        firstLine.set(key, row.line);
        if (queued.has(key)) errors.push({ field: 'email', message: 'import.error.alreadyQueued' });
      }
    }
    return { preview: { row, ok: errors.length === 0, errors, customer: customer ? { id: customer.id, companyName: customer.companyName } : null }, check, country, language };
  });
}

function previewOf(mode: ImportMode, checked: readonly Checked[]): ImportPreview {
  const valid = checked.filter((c) => c.preview.ok).length;
  return { mode, rows: checked.map((c) => c.preview), valid, invalid: checked.length - valid };
}

/** A refusal of the whole file, as the operator reads it (a translation key with its parameters). */
function fileFailure(error: unknown): never {
  if (error instanceof ImportFileError) throw new AppFailure('invalid-input', error.message, undefined, error.params);
  throw error;
}

export function createImportFeature(p: Parts) {
  return {
    /** The file's text (or rows, after a fix): every row with its errors; nothing saved. */
    importPreview: async (input: ({ text: string } | { rows: ImportRow[] }) & { mode?: ImportMode | undefined }): Promise<ImportPreview> => {
      const mode = input.mode ?? importModeOf(p);
      let rows: ImportRow[];
      try {
        rows = 'text' in input ? parseImportCsv(input.text, mode) : input.rows;
      } catch (error) {
        fileFailure(error);
      }
      if (rows.length > IMPORT_LIMITS.maxRows) fileFailure(new ImportFileError('import.file.tooManyRows', { max: IMPORT_LIMITS.maxRows }));
      return previewOf(mode, await checkRows(p, rows, mode, true));
    },
    /**
     * Queues the valid rows of `rows`, checked again here, in one transaction; answers how many
     * were queued and how many were left out (invalid now: fixed wrongly, queued meanwhile).
     */
    importQueue: async ({ rows, mode: asked }: { rows: ImportRow[]; mode?: ImportMode | undefined }) => {
      requireMayConfirm(p);
      const mode = asked ?? importModeOf(p);
      const checked = await checkRows(p, rows, mode, false);
      const entries = checked.flatMap(({ preview, check, country, language }): ImportEntry[] => {
        const { customer } = preview;
        const person = check.person;
        if (!preview.ok || !customer || !person) return [];
        if (mode === 'confirm') {
          if (!check.dateAgreed) return [];
          const acceptance: AcceptanceInput = { ...person, dateAgreed: check.dateAgreed };
          // What the operator had in front of them: the customer as the local store last read it.
          return [{ customer, acceptance, seen: operatorView(p, customer.id) }];
        }
        if (!country || !language) return [];
        const signatory = { firstName: person.firstName, lastName: person.lastName, email: person.email, ...(person.phone ? { phone: person.phone } : {}) };
        const request: RequestInput = { way: 'attestation', signatory, companyName: customer.companyName, country, language };
        return [{ customer, request }];
      });
      const ids = entries.length > 0 ? p.outbox.enqueueImport(entries, actorOf(p), iso(p.clock.now())) : [];
      if (ids.length > 0) afterQueueChange(p, null);
      return { mode, queued: ids.length, skipped: rows.length - ids.length };
    },
  };
}
