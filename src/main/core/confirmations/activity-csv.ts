import { describeActivity } from '../../../shared/describe-activity';
import { formatDate, formatDateTime, formatNumber, translate, type MessageKey, type Params } from '../../../shared/i18n';
import { BOM, csvRow } from '../../../shared/csv';
import type { StoredAuditEntry } from './audit-log';

/**
 * The activity log as a CSV file in `locale`: a header (time, operator, action, customer,
 * details, hash), then one line per entry, oldest first. Times are the stored ISO-8601 UTC
 * instants; actions and details are worded as the Activity view words them. `companyOf` names a
 * subject id; it must not read the database while `entries` streams from it.
 */
export function activityCsv(entries: Iterable<StoredAuditEntry>, locale: string, companyOf: (id: string) => string | undefined): { csv: string; entries: number } {
  const t = (key: MessageKey, params?: Params) => translate(locale, key, params);
  const tr = (key: string, params?: Params) => translate(locale, key, params);
  const format = { date: (iso: string) => formatDate(locale, iso), dateTime: (iso: string) => formatDateTime(locale, iso), number: (n: number) => formatNumber(locale, n) };
  const separator = t('activity.csv.detailSeparator');
  const parts = [
    BOM,
    csvRow([t('activity.csv.time'), t('activity.csv.operator'), t('activity.csv.action'), t('activity.csv.customer'), t('activity.csv.details'), t('activity.csv.hash')]),
  ];
  let count = 0;
  for (const stored of entries) {
    const entry = {
      seq: stored.seq,
      at: stored.at,
      actor: stored.actor,
      action: stored.action,
      subject: stored.subject ?? null,
      details: stored.details && typeof stored.details === 'object' && !Array.isArray(stored.details) ? (stored.details as Record<string, unknown>) : null,
    };
    const line = describeActivity(entry, t, tr, format, companyOf);
    const facts: Array<{ label: string; value: string }> = [...line.details];
    if (line.error?.partnerCenterCode) facts.push({ label: t('ui.error.code'), value: line.error.partnerCenterCode });
    if (line.error?.correlationId) facts.push({ label: t('ui.error.correlationId'), value: line.error.correlationId });
    if (line.error?.requestId) facts.push({ label: t('ui.error.requestId'), value: line.error.requestId });
    const details = facts.map((d) => `${t('ui.activity.detail.label', { label: d.label })} ${d.value}`).join(separator);
    parts.push(csvRow([stored.at, line.actor, line.action, line.subject, details, stored.hash]));
    count++;
  }
  return { csv: parts.join(''), entries: count };
}
