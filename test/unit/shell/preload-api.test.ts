import { describe, expect, it, vi } from 'vitest';
import { callNames, calls, eventNames, events } from '../../../src/shared/contract';
import { buildMcaDeskApi, channelsOf, type ApiTransport } from '../../../src/shared/mca-desk-api';

const channels = channelsOf(calls, events);

function fakeIpc() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ipc = {
    peer: 'The main process',
    invoke: vi.fn(async (channel: string, input: unknown): Promise<unknown> => ({ ok: true, value: { channel, input } })),
    listen: (channel: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => void set.delete(listener);
    },
  } satisfies ApiTransport;
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { ipc, emit, listeners };
}

describe('the channel names inlined into the preload', () => {
  it('are every call and event of the contract, with their channels', () => {
    expect(channels.calls).toEqual(Object.fromEntries(callNames.map((name) => [name, calls[name].channel])));
    expect(channels.events).toEqual(Object.fromEntries(eventNames.map((name) => [name, events[name].channel])));
  });

  it('survive JSON, as the build inlines them', () => {
    expect(JSON.parse(JSON.stringify(channels))).toEqual(channels);
  });
});

describe('window.mcaDesk', () => {
  it('has one function per call of the contract, and on(), nothing else', () => {
    const api = buildMcaDeskApi(fakeIpc().ipc, channels);
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it("invokes each call's own channel with the input", async () => {
    const { ipc } = fakeIpc();
    const api = buildMcaDeskApi(ipc, channels);
    const answer = await api.searchCustomers({ query: 'Société' });
    expect(ipc.invoke).toHaveBeenCalledWith(calls.searchCustomers.channel, { query: 'Société' });
    expect(answer).toEqual({ ok: true, value: { channel: 'customers:search', input: { query: 'Société' } } });
  });

  it('sends {} when a call is made without input', async () => {
    const { ipc } = fakeIpc();
    await (buildMcaDeskApi(ipc, channels).getSession as (input?: unknown) => Promise<unknown>)();
    expect(ipc.invoke).toHaveBeenCalledWith(calls.getSession.channel, {});
  });

  it('turns a failed invoke into an internal error result', async () => {
    const { ipc } = fakeIpc();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'sync:now'"));
    const answer = await buildMcaDeskApi(ipc, channels).syncNow({});
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: "The main process did not answer: Error: No handler registered for 'sync:now'" } });
  });

  it('delivers events to a listener until its unsubscribe function is called', () => {
    const { ipc, emit } = fakeIpc();
    const api = buildMcaDeskApi(ipc, channels);
    const seen: unknown[] = [];
    const stop = api.on('customersChanged', (payload) => seen.push(payload));
    emit(events.customersChanged.channel, { customerIds: null });
    stop();
    emit(events.customersChanged.channel, { customerIds: ['x'] });
    expect(seen).toEqual([{ customerIds: null }]);
  });

  it('refuses an event the contract does not have', () => {
    const api = buildMcaDeskApi(fakeIpc().ipc, channels);
    expect(() => api.on('nope' as never, () => {})).toThrow(/unknown event/);
  });
});
