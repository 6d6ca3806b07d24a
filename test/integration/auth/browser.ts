/**
 * The "system browser" of the sign-in tests: Chromium driven by Playwright. `openBrowser(role)`
 * is what MsalSignIn calls with the authorize URL; it opens the emulator's sign-in page and
 * clicks the sandbox user with that role, like an operator would, without blocking MSAL.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

export interface TestBrowser {
  /** A callback for MsalSignIn: picks the user with this role (null: press Cancel; 'none': leave the page open). */
  openBrowser(choice: string | null | 'none'): (url: string) => Promise<void>;
  /** URLs opened so far. */
  opened: string[];
  /** Rejects if driving a page failed. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestBrowser(): Promise<TestBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context: BrowserContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const opened: string[] = [];
  const work: Promise<void>[] = [];
  return {
    opened,
    openBrowser: (choice) => async (url) => {
      opened.push(url);
      const page = await context.newPage();
      const drive = (async () => {
        await page.goto(url);
        if (choice === 'none') return;
        const button = choice === null ? page.locator('button.cancel') : page.locator(`button[data-role="${choice}"]`);
        await button.click();
        // The form_post lands on MSAL's loopback listener, which shows its success or error page.
        await page.waitForURL(/^http:\/\/localhost:\d+\/?$/, { timeout: 10_000 });
        await page.close();
      })();
      work.push(drive);
      drive.catch(() => undefined);
    },
    settled: async () => {
      await Promise.all(work.splice(0));
    },
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
