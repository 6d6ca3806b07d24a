import { describe, expect, it, vi } from 'vitest';
import { callNames, calls, events } from '../../../src/shared/contract';
import { buildMcaDeskApi, channelsOf } from '../../../src/shared/mca-desk-api';
import { httpTransport } from '../../../src/renderer/bridge/http-bridge';

/** The browser host bridge over a fake fetch and a fake Server-Sent Events stream. */
function fakeHost() {
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => Response.json({ ok: true, value: { url: String(url), init } }));
  const streams: Array<{ url: string; handlers: Map<string, Array<(message: MessageEvent<string>) => void>> }> = [];
  const openEvents = (url: string) => {
    const stream = { url, handlers: new Map<string, Array<(message: MessageEvent<string>) => void>>() };
    streams.push(stream);
    return {
      addEventListener: ((channel: string, handler: (message: MessageEvent<string>) => void) => {
        stream.handlers.set(channel, [...(stream.handlers.get(channel) ?? []), handler]);
      }) as EventSource['addEventListener'],
    };
  };
  const emit = (channel: string, payload: unknown) => {
    for (const stream of streams) for (const handler of stream.handlers.get(channel) ?? []) handler({ data: JSON.stringify(payload) } as MessageEvent<string>);
  };
  const api = buildMcaDeskApi(httpTransport('s3cret/+', { fetch, openEvents }), channelsOf(calls, events));
  return { api, fetch, streams, emit };
}

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

  it('opens one event stream with the secret, and delivers each event to its listeners until they unsubscribe', () => {
    const { api, streams, emit } = fakeHost();
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = api.on('customersChanged', (payload) => first.push(payload));
    api.on('customersChanged', (payload) => second.push(payload));
    api.on('refresh', () => undefined);
    expect(streams.map((s) => s.url)).toEqual([`/api/events?secret=${encodeURIComponent('s3cret/+')}`]);
    expect(streams[0]!.handlers.get(events.customersChanged.channel)).toHaveLength(1);
    emit(events.customersChanged.channel, { customerIds: null });
    stopFirst();
    emit(events.customersChanged.channel, { customerIds: ['x'] });
    expect(first).toEqual([{ customerIds: null }]);
    expect(second).toEqual([{ customerIds: null }, { customerIds: ['x'] }]);
  });

  it('refuses an event the contract does not have, like the preload', () => {
    const { api, streams } = fakeHost();
    expect(() => api.on('nope' as never, () => {})).toThrow(/unknown event "nope"/);
    expect(() => api.on('toString' as never, () => {})).toThrow(/unknown event/);
    expect(streams).toEqual([]);
  });
});
