import path from 'node:path';
import { activityRangeSchema, type ActivityRange } from '../shared/activity-log';
import type { CallInput, CallName, CallOutput } from '../shared/contract';
import { translate } from '../shared/i18n';
import { AppFailure } from '../main/core/app-failure';
import { writePrivateFile } from '../main/core/store/private-files';

/*
 * `mca-desk activity export` and `mca-desk activity verify`: the same calls as the app's Activity
 * view ("Export…", the chain's state), in the CLI's language.
 */

export type ActivityCommand = { sub: 'verify'; json: boolean } | { sub: 'export'; range: ActivityRange; out: string };

type Call = <K extends CallName>(name: K, input: CallInput<K>) => Promise<CallOutput<K>>;
interface Io {
  out(line: string): void;
}

/** Reads the options of `activity export|verify`; a message (a usage error, exit 2) when they are wrong. */
export function activityCommandOf(
  sub: string | undefined,
  values: { from?: string | undefined; to?: string | undefined; out?: string | undefined; json?: boolean | undefined },
  locale: string,
): { ok: true; command: ActivityCommand } | { ok: false; message: string } {
  if (sub === 'verify') return { ok: true, command: { sub, json: values.json === true } };
  const range = activityRangeSchema.safeParse({ from: values.from, to: values.to });
  if (!range.success) {
    const issue = range.error.issues[0]!;
    const message =
      issue.message === 'validation.activityRange.order'
        ? translate(locale, 'cli.activity.fromAfterTo', { from: values.from ?? '', to: values.to ?? '' })
        : translate(locale, 'cli.activity.badDate', { option: String(issue.path[0] ?? 'from') });
    return { ok: false, message };
  }
  if (!values.out) return { ok: false, message: translate(locale, 'cli.activity.outRequired') };
  return { ok: true, command: { sub: 'export', range: range.data, out: path.resolve(values.out) } };
}

/**
 * Runs the command; resolves with the exit code. `verify`: 0 when the chain is intact, 1 naming
 * the first entry that does not match. `export`: writes the file whole or not at all, 0600 as the
 * data folder's files: it holds the same names and e-mail addresses.
 */
export async function runActivityCommand(command: ActivityCommand, locale: string, call: Call, io: Io): Promise<number> {
  if (command.sub === 'verify') {
    const { entries, firstBroken } = await call('verifyActivity', {});
    if (command.json) io.out(JSON.stringify({ intact: firstBroken === null, entries, firstBroken }));
    else if (firstBroken) io.out(translate(locale, 'cli.activity.broken', { seq: String(firstBroken.seq), time: firstBroken.at, count: entries }));
    else io.out(translate(locale, 'cli.activity.intact', { count: entries }));
    return firstBroken ? 1 : 0;
  }
  const exported = await call('exportActivity', command.range);
  try {
    writePrivateFile(command.out, exported.csv);
  } catch (error) {
    throw new AppFailure('internal', 'cli.activity.writeFailed', undefined, { file: command.out, message: (error as Error).message });
  }
  io.out(translate(locale, 'cli.activity.exported', { file: command.out, count: exported.entries }));
  return 0;
}
