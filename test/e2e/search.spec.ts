import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Issue 7 in the page: the keyboard (Ctrl+K, arrows, Enter, Esc), the windowed result list, and a
 * larger refresh with its progress, Cancel, and a next refresh that goes on from where it stopped.
 */

const searchBox = (page: Page) => page.getByRole('textbox', { name: 'Search customers' });
const results = (page: Page) => page.getByRole('listbox', { name: 'Search results' });
const selected = (page: Page) => results(page).locator('[role="option"][aria-selected="true"]');

test('the keyboard: Ctrl+K from another view, arrows, Enter opens, Esc clears; an exact tenant id comes first', async ({ page, desk }) => {
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.getByRole('link', { name: 'Sync queue' }).click();
  await expect(searchBox(page)).toBeHidden();

  await page.keyboard.press('Control+K');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('societe gen');
  await expect(page.locator('section[data-query="societe gen"]')).toBeVisible();
  // Accents and case left out, two words as prefixes: both Sociétés Générales of the seed.
  await expect(page.getByTestId('result-count')).toHaveText('2 matches');
  // The best match is highlighted, and the search box says so to assistive technology.
  await expect(selected(page)).toHaveAccessibleName(/^Société Générale de /);
  const first = await selected(page).getAttribute('id');
  await expect(searchBox(page)).toHaveAttribute('aria-activedescendant', first!);

  await searchBox(page).fill('a');
  await expect(page.locator('section[data-query="a"]')).toBeVisible();
  const top = await selected(page).getAttribute('id');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(selected(page)).toHaveAttribute('aria-posinset', '3');
  await page.keyboard.press('ArrowUp');
  await expect(selected(page)).toHaveAttribute('aria-posinset', '2');
  const second = (await selected(page).getAttribute('data-customer-id'))!;
  expect(second).not.toBe(top);
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('account-panel')).toBeVisible();
  await expect(page.getByTestId('tenant-id')).toHaveText(second);
  await desk.shot('search-01-keyboard');

  // Esc clears the search; the whole cache is listed again.
  await searchBox(page).focus();
  await page.keyboard.press('Escape');
  await expect(searchBox(page)).toHaveValue('');
  await expect(page.getByTestId('result-count')).toHaveText('300 customers');

  // A tenant id typed in full finds that customer first.
  await searchBox(page).fill(second);
  await expect(selected(page)).toHaveAttribute('data-customer-id', second);
  await expect(selected(page)).toHaveAttribute('aria-posinset', '1');
});

test.describe('6,000 customers', () => {
  // Partner Center serves three pages of the list and holds the fourth until the test lets it go:
  // the first refresh stops at a known page, not at a moment the test races for.
  test.use({ emulatorArgs: ['--customers', '6000', '--latency-ms', '400', '--hold-customer-pages', '3'] });

  test('a refresh shows its progress, Cancel keeps what was loaded, the next one goes on; the list stays windowed', async ({ page, desk }) => {
    test.setTimeout(120_000);
    const progress = page.getByTestId('refresh-progress');
    const loaded = async () => Number((await progress.innerText().catch(() => '')).match(/Loaded ([\d,]+) customers/)?.[1]?.replace(/,/g, '') ?? '-1');
    const cached = async () => Number((await page.getByText(/^Cached customers: /).innerText()).replace(/\D/g, ''));

    // The first start of a profile loads the cache by itself, page by page (500 a page).
    await expect.poll(loaded, { timeout: 30_000 }).toBe(1500);
    await desk.shot('search-02-refreshing');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(progress).toBeHidden({ timeout: 15_000 });
    await expect(page.getByText('Refresh stopped. What was loaded is kept; the next refresh picks up the rest.')).toBeVisible();
    const kept = await cached();
    expect(kept).toBe(1500);
    await desk.admin('hold', { customerPages: null });

    // The next refresh starts where the last one stopped, not from zero.
    await page.getByRole('button', { name: 'Reload customers from Partner Center' }).click();
    await expect(progress).toContainText(/Loaded [\d,]+ customers/);
    expect(await loaded()).toBeGreaterThanOrEqual(kept);
    // Once every page is in, it checks the agreements of the new customers; stop that too.
    await expect(progress).toContainText(/Checking agreements/, { timeout: 60_000 });
    await expect(page.getByText('Cached customers: 6,000')).toBeVisible();
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(progress).toBeHidden({ timeout: 15_000 });
    await expect(page.getByTestId('result-count')).toHaveText('6,000 customers');

    // 500 results, a screenful of rows in the page.
    await expect(results(page).getByRole('option').first()).toHaveAttribute('aria-setsize', '500');
    expect(await results(page).getByRole('option').count()).toBeLessThan(40);
    await expect(page.getByText('Showing the first 500. Type more to narrow the list.')).toBeVisible();

    // End in the list goes to the last of the 500, which is then rendered and highlighted.
    await results(page).focus();
    await page.keyboard.press('End');
    await expect(selected(page)).toHaveAttribute('aria-posinset', '500');
    await expect(selected(page)).toBeInViewport();
    expect(await results(page).getByRole('option').count()).toBeLessThan(40);
    await desk.shot('search-03-large-list-end');
    await page.keyboard.press('Home');
    await expect(selected(page)).toHaveAttribute('aria-posinset', '1');
    await expect(selected(page)).toBeInViewport();
  });
});
