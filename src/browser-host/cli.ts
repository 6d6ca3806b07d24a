import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startAppCore } from '../main/core/app-core';
import { partnerCenterFor } from '../shells/partner-center';
import { catalogueLanguages, isSupportedLocale, localeFromLangOption } from '../shared/i18n';
import { startBrowserHost } from './server';

const usage = 'Usage: npm run start:browser -- [--port N] [--data-dir DIR] [--emulator URL] [--lang fr|en]';

/**
 * The locale of the operator's process (Intl's, from LANG / LC_ALL on Linux) when MCA Desk has a
 * catalogue for its language, else en-US: text and dates then stay in one language.
 */
function defaultLocale(): string {
  const locale = new Intl.DateTimeFormat().resolvedOptions().locale;
  return isSupportedLocale(locale) ? locale : 'en-US';
}

/** The options, checked: each message names the option and says what it takes. */
const argsSchema = z.object({
  port: z.coerce.number({ error: '--port must be a number from 0 to 65535' }).int('--port must be a number from 0 to 65535').min(0, '--port must be a number from 0 to 65535').max(65535, '--port must be a number from 0 to 65535').default(0),
  'data-dir': z.string().min(1).optional(),
  emulator: z.url({ protocol: /^https?$/, error: '--emulator must be a URL like http://127.0.0.1:4100' }).optional(),
  'renderer-dir': z.string().min(1).optional(),
  lang: z
    .string()
    .transform((value, ctx) => localeFromLangOption(value) ?? (ctx.addIssue({ code: 'custom', message: `--lang must be ${catalogueLanguages.join(' or ')} (or a language tag in one of them, like fr-CA)` }), z.NEVER))
    .optional(),
});

/** `npm run start:browser -- [--port N] [--data-dir DIR] [--emulator URL] [--lang fr|en]` */
async function main(): Promise<void> {
  let values: z.infer<typeof argsSchema>;
  try {
    const parsed = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, emulator: { type: 'string' }, 'renderer-dir': { type: 'string' }, lang: { type: 'string' } },
      strict: true,
    });
    const checked = argsSchema.safeParse(parsed.values);
    if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.message} (not "${String(parsed.values[i.path[0] as keyof typeof parsed.values])}")`).join('; '));
    values = checked.data;
  } catch (error) {
    console.error(`start:browser: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const port = values.port;
  const locale = defaultLocale();
  const rendererDir = path.resolve(values['renderer-dir'] ?? path.join(import.meta.dirname, '../../out/renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(`start:browser: no built renderer in ${rendererDir}. Run "npm run build" first.`);
    process.exit(1);
  }
  const dataDir = path.resolve(values['data-dir'] ?? path.join(os.homedir(), '.mca-desk'));
  // The "system browser" of a page is a new tab: sign-in pages are sent to the page to open.
  let host: Awaited<ReturnType<typeof startBrowserHost>> | null = null;
  const openExternal = async (url: string) => {
    if (!host) throw new Error('error.auth.noBrowser');
    host.broadcast('openInBrowser', { url });
  };
  const core = await startAppCore({ dataDir, locale, ...(values.lang ? { commandLineLocale: values.lang } : {}), shell: { openExternal }, partnerCenter: partnerCenterFor({ emulatorUrl: values.emulator }) });
  host = await startBrowserHost({ core, rendererDir, port });
  // The one line that carries the secret (in the fragment, which no browser sends): nothing else logged may.
  console.log(`MCA Desk browser host: ${host.openUrl}`);
  const started = host;
  const stop = async () => {
    await started.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((error: unknown) => {
  console.error(`start:browser: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
