import { toCsv } from '../../shared/csv';
import type { CoverageRow } from '../../shared/domain';
import type { TFunction } from '../i18n/useT';

/**
 * The listed customers as CSV, headers and status words in the app's language: company, domain,
 * tenant id, status, has subscriptions, the latest record's date (YYYY-MM-DD) and template.
 */
export function coverageCsv(rows: readonly CoverageRow[], t: TFunction): string {
  const header = [
    t('ui.coverage.csv.company'),
    t('ui.coverage.csv.domain'),
    t('ui.coverage.csv.tenantId'),
    t('ui.coverage.csv.status'),
    t('ui.coverage.csv.hasSubscriptions'),
    t('ui.coverage.csv.latestDate'),
    t('ui.coverage.csv.latestTemplate'),
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.companyName,
      r.domain,
      r.id,
      t(`ui.status.${r.mcaStatus}`),
      t(r.hasSubscriptions === null ? 'ui.coverage.subscriptions.unknown' : r.hasSubscriptions ? 'ui.coverage.subscriptions.yes' : 'ui.coverage.subscriptions.no'),
      r.latestRecord?.dateAgreed.slice(0, 10) ?? '',
      r.latestRecord?.templateId ?? '',
    ]),
  );
}

/** `coverage-2026-12-02.csv` (the name in the app's language). */
export function csvFileName(t: TFunction, today: string): string {
  return `${t('ui.coverage.csv.fileName')}-${today}.csv`;
}
