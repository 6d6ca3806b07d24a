import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinaryPath, whyNoElectron } from '../../scripts/electron-binary.mjs';
import { callNames } from '../../src/shared/contract';

/*
 * The built desktop app driven through Playwright's Electron support, each test on its own data
 * folder. Needs `electron-vite build` first (npm run test:electron does it). Where the Electron
 * binary is absent, every test is skipped and the reason printed.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinaryPath();
const skipReason = `Electron binary not available: ${whyNoElectron()}`;

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeEach(async () => {
  if (!binary) {
    console.log(`[electron spec] skipped: ${skipReason}`);
    test.skip(true, skipReason);
    return;
  }
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    throw new Error('out/main/index.js is missing: run `npx electron-vite build` before this spec.');
  }
  dataDir = mkdtempSync(join(tmpdir(), 'mca-desk-electron-'));
  // executablePath is required: without it Playwright resolves require('electron'), which would
  // try to download the binary.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env['ELECTRON_RUN_AS_NODE']; // would start Electron as plain Node
  env['MCA_DESK_DATA_DIR'] = dataDir;
  app = await electron.launch({ executablePath: binary, args: ['.'], cwd: root, env });
  page = await app.firstWindow();
});

test.afterEach(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('an operator finds a customer and opens its account info', async () => {
  expect(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(dataDir);
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await search.fill('Société');
  const firstResult = page.getByRole('option').filter({ hasText: 'Société' }).first();
  await firstResult.click();
  await expect(page.getByRole('heading', { name: 'Microsoft Customer Agreement' })).toBeVisible();
});

test('the page cannot open windows, navigate away, or reach Node', async () => {
  await expect(page.getByRole('textbox', { name: 'Search customers' })).toBeVisible();
  const appUrl = page.url();
  await page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 42;
  });

  // window.open is denied: no new window, and the page gets null.
  const opened = await page.evaluate(() => window.open('https://example.com/', '_blank') === null);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);

  // Navigating the page away is refused in the main process; the same document stays.
  const attempted = app.evaluate(
    ({ BrowserWindow }) =>
      new Promise<string>((resolve) => {
        BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (_event, url) => resolve(url));
      }),
  );
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  expect(await attempted).toBe('https://example.com/');
  expect(page.url()).toBe(appUrl);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // No Node in the page: contextIsolation + sandbox + nodeIntegration off.
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });

  // The bridge is exactly the contract: one function per call, and on().
  const bridge = await page.evaluate(() => {
    const api = (window as unknown as { mcaDesk: Record<string, unknown> }).mcaDesk;
    return Object.keys(api).map((key) => [key, typeof api[key]] as const);
  });
  expect(bridge.map(([key]) => key).sort()).toEqual([...callNames, 'on'].sort());
  expect(bridge.every(([, type]) => type === 'function')).toBe(true);
});
