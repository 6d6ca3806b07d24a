import { describe, expect, it, vi } from 'vitest';
import { callNames, calls, events } from '../../../src/shared/contract';
import { buildMcaDeskApi, channelsOf } from '../../../src/shared/mca-desk-api';
import { httpTransport } from '../../../src/renderer/bridge/http-bridge';

/**
 * The browser host bridge over a fake fetch: calls answer at once; each GET /api/events opens a
 * stream the test writes Server-Sent Events text into, ends, or answers with a refusal.
 */
function fakeHost(eventsAnswer: () => Response | 'stream' = () => 'stream') {
  // eventsAnswer may throw, as fetch rejects when nothing answers.
  const streams: Array<{ write: (text: string) => void; end: () => void }> = [];
  const connected: Array<() => void> = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url) !== '/api/events') return Response.json({ ok: true, value: { url: String(url), init } });
    const answer = eventsAnswer();
    if (answer !== 'stream') return answer;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        streams.push({ write: (text) => controller.enqueue(new TextEncoder().encode(text)), end: () => controller.close() });
      },
    });
    queueMicrotask(() => connected.splice(0).forEach((resolve) => resolve()));
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  /** Resolves once the stream's next connection is open. */
  const nextConnection = () => new Promise<void>((resolve) => connected.push(resolve));
  // Each wait before a reconnection: the test lets it end (`nextWait` resolves with its `reconnect`).
  const waits: Array<(reconnect: () => void) => void> = [];
  const reconnectDelay = vi.fn(() => new Promise<void>((reconnect) => waits.shift()?.(reconnect)));
  const nextWait = () => new Promise<() => void>((resolve) => waits.push(resolve));
  const api = buildMcaDeskApi(httpTransport('s3cret/+', { fetch, reconnectDelay }), channelsOf(calls, events));
  return { api, fetch, streams, nextConnection, reconnectDelay, nextWait };
}

/** The next payloads `api.on(event)` delivers, as promises. */
function collect<K extends 'customersChanged' | 'connectivity'>(api: ReturnType<typeof fakeHost>['api'], event: K) {
  const received: unknown[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const stop = api.on(event, (payload) => {
    received.push(payload);
    for (const w of waiting.filter((w) => received.length >= w.count)) w.resolve();
  });
  const until = (count: number) => new Promise<void>((resolve) => (received.length >= count ? resolve() : waiting.push({ count, resolve })));
  return { received, until, stop };
}

const frame = (channel: string, payload: unknown) => `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;

describe('window.mcaDesk over the browser host', () => {
  it('has one function per call of the contract, and on(), nothing else', () => {
    const { api } = fakeHost();
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
  });

  it("posts each call to its own channel with the secret as a bearer token, {} without input", async () => {
    const { api, fetch } = fakeHost();
    expect(await api.searchCustomers({ query: 'Société' })).toMatchObject({ ok: true, value: { url: `/api/call/${calls.searchCustomers.channel}` } });
    expect(fetch).toHaveBeenLastCalledWith(`/api/call/${calls.searchCustomers.channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret/+' },
      body: JSON.stringify({ query: 'Société' }),
    });
    await (api.getSession as (input?: unknown) => Promise<unknown>)();
    expect(fetch.mock.lastCall?.[1]?.body).toBe('{}');
  });

  it('turns a host that does not answer into an internal error result', async () => {
    const { api, fetch } = fakeHost();
    fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await api.syncNow({})).toEqual({ ok: false, error: { code: 'internal', message: 'The browser host did not answer: TypeError: Failed to fetch' } });
  });

  it('opens one event stream, the secret in its Authorization header and not in its URL, and delivers each event to its listeners until they unsubscribe', async () => {
    const { api, fetch, streams, nextConnection } = fakeHost();
    const connected = nextConnection();
    const first = collect(api, 'customersChanged');
    const second = collect(api, 'customersChanged');
    api.on('refresh', () => undefined);
    await connected;
    const opened = fetch.mock.calls.filter(([url]) => String(url).includes('events'));
    expect(opened).toEqual([['/api/events', { headers: { authorization: 'Bearer s3cret/+', accept: 'text/event-stream' }, cache: 'no-store' }]]);
    streams[0]!.write(frame(events.customersChanged.channel, { customerIds: null }));
    await second.until(1);
    first.stop();
    streams[0]!.write(frame(events.customersChanged.channel, { customerIds: ['x'] }));
    await second.until(2);
    expect(first.received).toEqual([{ customerIds: null }]);
    expect(second.received).toEqual([{ customerIds: null }, { customerIds: ['x'] }]);
  });

  it('reads frames cut anywhere: CRLF, CR or LF line ends, comments, multi-line data, unknown events and a failing listener skipped', async () => {
    const { api, streams, nextConnection } = fakeHost();
    const connected = nextConnection();
    api.on('customersChanged', () => {
      throw new Error('a listener with a bug');
    });
    const changed = collect(api, 'customersChanged');
    const connectivity = collect(api, 'connectivity');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await connected;
    const text =
      ': connected\r\n\r\n' +
      'event: event:nobody-listens\ndata: {}\n\n' +
      `event:${events.customersChanged.channel}\r\ndata: {"customerIds":\r\ndata: ["a"]}\r\n\r\n` +
      `event: ${events.connectivity.channel}\rdata: {"online":false,"workOffline":true}\r\r` +
      `event: ${events.customersChanged.channel}\n: a comment inside a frame\ndata: {"customerIds":null}\n\n`;
    // Every cut, one character at a time: a \r\n split across two chunks is still one line end.
    for (const character of text) streams[0]!.write(character);
    await changed.until(2);
    await connectivity.until(1);
    expect(changed.received).toEqual([{ customerIds: ['a'] }, { customerIds: null }]);
    expect(connectivity.received).toEqual([{ online: false, workOffline: true }]);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });

  it('reconnects after the stream drops or the host does not answer, as EventSource did, and gets the latest state again', async () => {
    let down = false;
    const { api, fetch, streams, nextConnection, reconnectDelay, nextWait } = fakeHost(() => {
      if (down) throw new TypeError('Failed to fetch');
      return 'stream';
    });
    const firstConnection = nextConnection();
    const connectivity = collect(api, 'connectivity');
    await firstConnection;
    streams[0]!.write(frame(events.connectivity.channel, { online: true, workOffline: false }));
    await connectivity.until(1);
    // The stream ends; the host is down when the page first tries again, back the second time.
    down = true;
    const firstWait = nextWait();
    streams[0]!.end();
    const secondWait = nextWait();
    (await firstWait)();
    const reconnect = await secondWait;
    down = false;
    const secondConnection = nextConnection();
    reconnect();
    await secondConnection;
    streams[1]!.write(frame(events.connectivity.channel, { online: true, workOffline: true }));
    await connectivity.until(2);
    expect(connectivity.received).toEqual([
      { online: true, workOffline: false },
      { online: true, workOffline: true },
    ]);
    expect(fetch.mock.calls.filter(([url]) => url === '/api/events')).toHaveLength(3);
    expect(reconnectDelay).toHaveBeenCalledTimes(2);
  });

  it('stops for good when the host refuses the stream (401: it restarted with another secret)', async () => {
    const { api, fetch, reconnectDelay } = fakeHost(() => new Response('Unauthorized', { status: 401 }));
    const refused = new Promise<void>((resolve) => vi.spyOn(console, 'error').mockImplementation(() => resolve()));
    api.on('connectivity', () => undefined);
    await refused;
    vi.mocked(console.error).mockRestore();
    expect(fetch.mock.calls.filter(([url]) => url === '/api/events')).toHaveLength(1);
    expect(reconnectDelay).not.toHaveBeenCalled();
  });

  it('refuses an event the contract does not have, like the preload', () => {
    const { api, streams } = fakeHost();
    expect(() => api.on('nope' as never, () => {})).toThrow(/unknown event "nope"/);
    expect(() => api.on('toString' as never, () => {})).toThrow(/unknown event/);
    expect(streams).toEqual([]);
  });
});
