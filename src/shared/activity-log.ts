import { z } from 'zod';
import { isRealDate } from './validation';

/*
 * The tamper-evident activity log as the contract, the Activity view and the CLI see it: the
 * chain's state, and the days an export covers. The chain itself: src/main/core/confirmations/audit-chain.ts.
 */

/** The chain's state: every entry matches, or the first that does not (and all after it are suspect). */
export const activityChainSchema = z.object({
  entries: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), at: z.string() }).nullable(),
});
export type ActivityChain = z.infer<typeof activityChainSchema>;

const day = z.string().refine(isRealDate, { error: 'validation.activityRange.date' });

/**
 * The calendar days an export covers, both inclusive, as YYYY-MM-DD; UTC days, like the times in
 * the export. Either may be left out (from the first entry, up to the last).
 */
export const activityRangeSchema = z
  .object({ from: day.optional(), to: day.optional() })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, { error: 'validation.activityRange.order', path: ['to'] });
export type ActivityRange = z.infer<typeof activityRangeSchema>;

/** The ISO instants a range covers: from the start of `from` (inclusive) to the start of the day after `to` (exclusive). */
export function instantsOf(range: ActivityRange): { fromAt: string | null; beforeAt: string | null } {
  const dayAfter = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString();
  };
  return { fromAt: range.from ? `${range.from}T00:00:00.000Z` : null, beforeAt: range.to ? dayAfter(range.to) : null };
}

/** The export: the CSV text (UTF-8 with BOM once written as UTF-8), how many entries, a file name. */
export const activityExportSchema = z.object({ csv: z.string(), entries: z.number().int(), fileName: z.string() });
export type ActivityExport = z.infer<typeof activityExportSchema>;
