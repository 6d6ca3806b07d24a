/**
 * Keystroke to painted results in the real renderer, in Debian's Chromium through the browser
 * host: the "within one frame in the UI" budget of design §6, measured rather than guessed.
 *
 * In the page, a keydown listener notes the event's time; the customer list pane says which query
 * its results answer (`data-query`); when that equals what the search box holds, the sample ends
 * at the next animation frame plus one task (the frame with the results has been painted by
 * then). The search call's own time comes from the Resource Timing entry of its request (or, over
 * the page's WebSocket, from its send() and its answer's message event); the
 * mutation observer's own time marks React's commit. Waiting for the next frame is part of the
 * total: even with no work at all a result lands up to one frame (16.7 ms) after its keystroke.
 */
import { chromium } from '@playwright/test';

export type UiSearchSample = {
  /** keydown → the frame with the results painted. */
  total: number;
  /** keydown → the results are in the DOM (React's commit). */
  commit: number;
  /** keydown → the search call starts. */
  beforeRequest: number;
  /**
   * The search call: over HTTP, request to last byte of the answer (Resource Timing); over the
   * WebSocket, send() to the answer's message event (the main thread taking it, later than its last
   * byte when the thread was busy).
   */
  request: number;
  /** Last byte of the answer → the results are in the DOM (parse, render, commit). */
  render: number;
  /** How the search call went: over HTTP (Resource Timing) or the page's WebSocket. */
  transport: 'http' | 'socket' | 'none';
};

declare global {
  interface Window {
    __benchSamples?: UiSearchSample[];
  }
}

/** Installs the timing probe in the page; samples collect in window.__benchSamples. */
function installProbe(): void {
  const samples: UiSearchSample[] = [];
  window.__benchSamples = samples;
  const input = document.querySelector<HTMLInputElement>('input[aria-label="Search customers"]');
  const pane = document.querySelector<HTMLElement>('section[data-query]');
  if (!input || !pane) throw new Error('the search box or the result pane is not on the page');
  let keyAt: number | null = null;
  // The search call over the page's WebSocket, when it goes that way: when it was sent, and when
  // its answer's message event was created (the main thread takes it then).
  let socketCall: { id: string; sentAt: number; answeredAt: number | null } | null = null;
  const hooked = new WeakSet<WebSocket>();
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
    const id = typeof data === 'string' && keyAt !== null ? /^\{"id":(\d+),"channel":"customers:search"/.exec(data)?.[1] : undefined;
    if (id !== undefined) {
      socketCall = { id: `{"id":${id},`, sentAt: performance.now(), answeredAt: null };
      if (!hooked.has(this)) {
        hooked.add(this);
        this.addEventListener('message', (event: MessageEvent) => {
          if (socketCall && String(event.data).startsWith(socketCall.id)) socketCall.answeredAt = event.timeStamp;
        });
      }
    }
    return send.call(this, data);
  };
  input.addEventListener('keydown', (event) => {
    keyAt = event.timeStamp;
    socketCall = null;
  }, true);
  new MutationObserver(() => {
    if (keyAt === null || pane.dataset.query !== input.value) return;
    const started = keyAt;
    const committed = performance.now();
    const overSocket = socketCall;
    keyAt = null;
    requestAnimationFrame(() =>
      setTimeout(() => {
        const end = performance.now();
        const calls = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/call/customers:search') && e.startTime >= started) as PerformanceResourceTiming[];
        performance.clearResourceTimings();
        const call = calls.at(-1);
        const sent = call ? call.startTime : overSocket ? overSocket.sentAt : NaN;
        const answered = call ? call.responseEnd : overSocket?.answeredAt ?? NaN;
        samples.push({
          total: end - started,
          commit: committed - started,
          beforeRequest: sent - started,
          request: answered - sent,
          render: committed - answered,
          transport: call ? 'http' : overSocket ? 'socket' : 'none',
        });
      }),
    );
  }).observe(pane, { attributes: true, attributeFilter: ['data-query'] });
}

/**
 * Types each query one character at a time (waiting for each answer, as a person typing at a
 * normal pace would see it) and returns one sample per keystroke.
 */
export async function measureUiSearch(
  openUrl: string,
  queries: string[],
  options: { rounds: number; viewport?: { width: number; height: number }; /** 'http': the host refuses the page's socket, as an older one would. */ transport?: 'socket' | 'http' },
): Promise<UiSearchSample[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1366, height: 860 } });
    page.setDefaultTimeout(30_000);
    if (options.transport === 'http') await page.routeWebSocket(/\/api\/socket$/, (socket) => socket.close({ code: 4401, reason: 'Unauthorized' }));
    await page.goto(openUrl);
    const box = page.getByRole('textbox', { name: 'Search customers' });
    await page.locator('section[data-query]').waitFor();
    await page.getByRole('option').first().waitFor();
    await page.evaluate(installProbe);
    // Resource timings are kept in a buffer of 250 by default: room for every call in between.
    await page.evaluate(() => performance.setResourceTimingBufferSize(10_000));
    for (let round = 0; round < options.rounds; round += 1) {
      for (const query of queries) {
        await box.fill('');
        await page.locator('section[data-query=""]').waitFor();
        for (const char of query) {
          const before = await page.evaluate(() => window.__benchSamples!.length);
          await page.keyboard.type(char);
          await page.waitForFunction((n) => window.__benchSamples!.length > n, before);
        }
      }
    }
    return await page.evaluate(() => window.__benchSamples!);
  } finally {
    await browser.close();
  }
}
