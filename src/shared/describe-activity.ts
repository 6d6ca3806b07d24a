import type { ActivityEntry, SyncError } from './domain';
import { isMessageKey, type MessageKey, type Params } from './i18n';

/*
 * How an activity entry reads, in one place: the Activity view (renderer) and the CSV export
 * (core: the app's "Export…" and the CLI) word entries with it.
 */

type TFunction = (key: MessageKey, params?: Params) => string;
type Format = { date: (iso: string) => string; dateTime: (iso: string) => string; number: (n: number) => string };

/** One activity line as the operator reads it. */
export type ActivityLine = {
  entry: ActivityEntry;
  actor: string;
  isSync: boolean;
  action: string;
  subject: string;
  /** The subject is an id (no company name known). */
  subjectIsId: boolean;
  /** Key details as label/value pairs. */
  details: Array<{ label: string; value: string }>;
  /** Partner Center's facts for support (needs attention, retries). */
  error: SyncError | null;
  /** Everything above in one lower-case, accent-free string, for the filter. */
  haystack: string;
};

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
const obj = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

function errorOf(details: Record<string, unknown>): SyncError | null {
  const message = str(details.message);
  if (!message) return null;
  const httpStatus = typeof details.httpStatus === 'number' ? details.httpStatus : undefined;
  return {
    message,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(str(details.partnerCenterCode) ? { partnerCenterCode: str(details.partnerCenterCode)! } : {}),
    ...(str(details.correlationId) ? { correlationId: str(details.correlationId)! } : {}),
    ...(str(details.requestId) ? { requestId: str(details.requestId)! } : {}),
  };
}

/**
 * Words an activity entry: who, what, about which company, and the details that matter for that
 * action. `companyOf` names a subject id (queue item or customer) when the entry itself does not.
 */
export function describeActivity(
  entry: ActivityEntry,
  t: TFunction,
  tr: (key: string, params?: Record<string, string | number>) => string,
  format: Format,
  companyOf: (id: string) => string | undefined,
): ActivityLine {
  const details = entry.details ?? {};
  const isSync = entry.actor === 'sync';
  const actor = isSync ? t('ui.activity.actorSync') : entry.actor.startsWith('operator:') ? entry.actor.slice('operator:'.length) : entry.actor;
  const actionKey = `ui.activity.action.${entry.action}`;
  const action = isMessageKey(actionKey) ? tr(actionKey) : entry.action;

  const company = str(details.company) ?? (entry.subject ? companyOf(entry.subject) : undefined) ?? (str(details.itemId) ? companyOf(str(details.itemId)!) : undefined);
  const subject = company ?? entry.subject ?? '';

  const lines: Array<{ label: string; value: string }> = [];
  // A reason may name the Partner Center record it is about (who, when); older entries do not.
  const person = str(details.person);
  const recordDate = str(details.dateAgreed);
  const reasonText = (reason: string) => {
    const key = `ui.history.reason.${reason}`;
    const unnamed = `${key}.unnamed`;
    if (person && recordDate && isMessageKey(key)) return tr(key, { person, date: format.date(recordDate) });
    if (isMessageKey(unnamed)) return tr(unnamed);
    return isMessageKey(key) ? tr(key) : reason;
  };
  let error: SyncError | null = null;

  switch (entry.action) {
    case 'operator.discard':
      if (str(details.reason)) lines.push({ label: t('ui.activity.detail.reason'), value: str(details.reason)! });
      break;
    case 'confirmation.saved':
      if (str(details.dateAgreed)) lines.push({ label: t('ui.activity.detail.dateAgreed'), value: format.date(str(details.dateAgreed)!) });
      break;
    case 'sync.confirmed':
    case 'sync.already-confirmed':
    case 'sync.record-appeared-meanwhile':
      if (str(details.reason)) lines.push({ label: t('ui.activity.detail.how'), value: reasonText(str(details.reason)!) });
      break;
    case 'sync.needs-attention':
    case 'sync.retry-scheduled': {
      error = errorOf(details);
      if (entry.action === 'sync.needs-attention' && str(details.reason) && details.reason !== 'rejected') {
        lines.push({ label: t('ui.activity.detail.why'), value: reasonText(str(details.reason)!) });
      }
      if (error) lines.push({ label: t('ui.activity.detail.error'), value: tr(error.message) });
      if (str(details.nextAttemptAt)) lines.push({ label: t('ui.activity.detail.nextAttempt'), value: format.dateTime(str(details.nextAttemptAt)!) });
      break;
    }
    case 'operator.edit-and-retry': {
      const before = obj(details.before) ?? {};
      const after = obj(details.after) ?? {};
      const person = (c: Record<string, unknown>) => [str(c.firstName), str(c.lastName)].filter(Boolean).join(' ');
      const fields: Array<{ label: string; before: string; after: string }> = [
        { label: t('ui.activity.detail.person'), before: person(before), after: person(after) },
        { label: t('ui.activity.detail.email'), before: str(before.email) ?? '', after: str(after.email) ?? '' },
        { label: t('ui.activity.detail.phone'), before: str(before.phone) ?? '', after: str(after.phone) ?? '' },
        {
          label: t('ui.activity.detail.dateAgreed'),
          before: str(before.dateAgreed) ? format.date(str(before.dateAgreed)!) : '',
          after: str(after.dateAgreed) ? format.date(str(after.dateAgreed)!) : '',
        },
      ];
      const changed = fields.filter((f) => f.before !== f.after);
      for (const f of changed) {
        lines.push({ label: f.label, value: t('ui.activity.detail.change', { before: f.before || t('ui.common.none'), after: f.after || t('ui.common.none') }) });
      }
      if (changed.length === 0) lines.push({ label: t('ui.activity.detail.edit'), value: t('ui.activity.detail.unchanged') });
      break;
    }
    case 'operator.settings':
      if (typeof details.parallelism === 'number') lines.push({ label: t('ui.settings.parallelism'), value: format.number(details.parallelism) });
      if (typeof details.maxRetryHours === 'number') lines.push({ label: t('ui.settings.maxRetryHours'), value: format.number(details.maxRetryHours) });
      break;
    default:
      for (const [key, value] of Object.entries(details)) {
        const text = str(value);
        if (text) lines.push({ label: key, value: text });
      }
  }

  const haystack = fold(
    [format.dateTime(entry.at), actor, action, subject, entry.subject ?? '', ...lines.flatMap((l) => [l.label, l.value]), error?.partnerCenterCode ?? '', error?.correlationId ?? ''].join(' '),
  );
  return { entry, actor, isSync, action, subject, subjectIsId: company === undefined, details: lines, error, haystack };
}
