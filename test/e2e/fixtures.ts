import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Starts a process and resolves with the first stdout line matching `pattern`. */
function startProcess(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`timed out starting ${args.join(' ')}\n${out}\n${err}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}\n${out}\n${err}`));
    });
  });
}

export interface Desk {
  /** The standalone emulator this app talks to (its admin API is on the same URL). */
  emulatorUrl: string;
  admin(route: string, body?: unknown): Promise<unknown>;
  /** Saves a screenshot under artifacts/screenshots (kept by CI as the record of each screen). */
  shot(name: string): Promise<void>;
}

/**
 * Each test gets its own emulator (fresh seed state), its own data folder and its own browser
 * host, so tests never share a database or Partner Center records.
 */
export const test = base.extend<{ desk: Desk; emulatorArgs: string[]; deskLocale: string }>({
  /** Extra emulator CLI options for a test, e.g. `test.use({ emulatorArgs: ['--role', 'HelpdeskAgent'] })`. */
  emulatorArgs: [[], { option: true }],
  /** The app's language, e.g. `test.use({ deskLocale: 'fr-FR' })`. */
  deskLocale: ['en-US', { option: true }],
  desk: [
    async ({ page, emulatorArgs, deskLocale }, use, testInfo) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-e2e-'));
      const emulator = await startProcess(
        ['src/emulator/cli.ts', '--port', '0', '--seed', '7', ...(emulatorArgs.includes('--customers') ? [] : ['--customers', '300']), ...emulatorArgs],
        /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      );
      const emulatorUrl = emulator.match[1]!;
      const host = await startProcess(['src/browser-host/cli.ts', '--port', '0', '--data-dir', dataDir, '--emulator', emulatorUrl, '--locale', deskLocale], /browser host: (\S+)/);
      const admin = async (route: string, body?: unknown) => {
        const response = await fetch(`${emulatorUrl}/_emulator/${route}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(response.ok, `emulator admin ${route}`).toBe(true);
        return response.json();
      };
      const shots = path.join(root, 'artifacts', 'screenshots');
      fs.mkdirSync(shots, { recursive: true });
      await page.goto(host.match[1]!);
      await use({
        emulatorUrl,
        admin,
        shot: async (name) => {
          await page.screenshot({ path: path.join(shots, `${testInfo.project.name}-${name}.png`), fullPage: true });
        },
      });
      host.child.kill('SIGTERM');
      emulator.child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    // Its own time, not the test's. Starting the two processes (tsx compiles them) and loading the
    // page took 20-38 s of the test's 60 s under load (4 workers and two busy loops on 2 cores),
    // and tests then timed out in whatever step they had reached. Bounded by startProcess (30 s
    // per process) and the page load.
    { timeout: 90_000 },
  ],
});

export { expect };

/**
 * Types into the search box, opens the first result whose name matches, and waits for that
 * customer's account panel (another customer's may be open already, with the same headings).
 */
export async function openCustomer(page: Page, query: string, name: string | RegExp): Promise<void> {
  const search = page.getByRole('searchbox', { name: 'Search customers' }).or(page.getByRole('textbox', { name: 'Search customers' }));
  await search.fill(query);
  await page.getByRole('option', { name }).or(page.getByRole('button', { name })).first().click();
  const panel = page.getByTestId('account-panel');
  await expect(panel.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Microsoft Customer Agreement' })).toBeVisible();
}

/** The account panel's "Microsoft Customer Agreement" section. */
export const mcaSection = (page: Page) => page.getByTestId('mca-section');
/** A place in the left navigation (a link, or a button in a narrow window). */
export const nav = (page: Page, name: string) => page.getByRole('link', { name, exact: true }).or(page.getByRole('button', { name, exact: true })).first();
/** A row of the Sync queue's table, by company. */
export const queueRow = (page: Page, company: string | RegExp) => page.getByRole('table', { name: 'Queue items' }).getByRole('row', { name: company });

/** Fills and saves the open "Confirm customer acceptance" dialog; it closes (the save is local). */
export async function saveConfirmation(page: Page, person: { first: string; last: string; email: string }): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  await dialog.getByLabel('First name').fill(person.first);
  await dialog.getByLabel('Last name').fill(person.last);
  await dialog.getByLabel('Email address').fill(person.email);
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog).toBeHidden();
}

/** "Update" on the customer open in the panel, then the confirmation saved. */
export async function confirmOpenCustomer(page: Page, person: { first: string; last: string; email: string }): Promise<void> {
  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  await saveConfirmation(page, person);
}
