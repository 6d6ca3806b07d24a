import type { CallInput, CallName, CallOutput } from '../shared/contract';
import type { CoverageCounts } from '../shared/domain';
import { translate } from '../shared/i18n';
import type { ConnectivityMonitor } from '../main/core/sync/connectivity';

/**
 * `mca-desk refresh` and `mca-desk coverage [--json]`: the app's Refresh and its Coverage counts,
 * through the same contract calls (the counts are the app's, in SQL over the local store).
 */

type Call = <K extends CallName>(name: K, input: CallInput<K>) => Promise<CallOutput<K>>;

export interface CoverageCommandContext {
  command: 'refresh' | 'coverage';
  call: Call;
  /** Present when the command talks to a Partner Center (--emulator). */
  connectivity: Pick<ConnectivityMonitor, 'check'> | null;
  json: boolean;
  locale: string;
  out(line: string): void;
}

/** The JSON of `coverage --json`: the total, the seven statuses (which partition it), earlier versions. */
export function coverageJson(counts: CoverageCounts): CoverageCounts {
  const { total, confirmed, acceptedByCustomer, notConfirmed, pendingSync, waitingForCustomer, needsAttention, notVerified, earlierVersion } = counts;
  return { total, confirmed, acceptedByCustomer, notConfirmed, pendingSync, waitingForCustomer, needsAttention, notVerified, earlierVersion };
}

/** The human lines of `coverage`, in the operator's language. */
export function coverageLines(counts: CoverageCounts, currentTemplateKnown: boolean, locale: string): string[] {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const row = (key: string, n: number) => t('cli.coverage.row', { label: t(key), count: n });
  return [
    t('cli.coverage.total', { count: counts.total }),
    row('ui.status.confirmed', counts.confirmed),
    row('cli.coverage.earlierVersion', counts.earlierVersion),
    row('ui.status.accepted-by-customer', counts.acceptedByCustomer),
    row('ui.status.not-confirmed', counts.notConfirmed),
    row('ui.status.pending-sync', counts.pendingSync),
    row('ui.status.waiting-for-customer', counts.waitingForCustomer),
    row('ui.status.needs-attention', counts.needsAttention),
    row('ui.status.not-verified', counts.notVerified),
    ...(currentTemplateKnown ? [] : [t('cli.coverage.templateUnknown')]),
  ];
}

/** Runs one of the two commands; resolves with the exit code. */
export async function runCoverageCommand(c: CoverageCommandContext): Promise<number> {
  if (c.command === 'refresh') {
    await c.connectivity?.check();
    const result = await c.call('refreshCustomers', {});
    c.out(c.json ? JSON.stringify(result) : translate(c.locale, 'cli.refresh.done', { customers: result.customers, statuses: result.statuses }));
    return 0;
  }
  const { counts, currentTemplateId } = await c.call('getCoverage', {});
  if (c.json) c.out(JSON.stringify(coverageJson(counts)));
  else for (const line of coverageLines(counts, currentTemplateId !== null, c.locale)) c.out(line);
  return 0;
}
