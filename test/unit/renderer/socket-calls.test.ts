import { describe, expect, it, vi } from 'vitest';
import { socketCalls } from '../../../src/renderer/bridge/socket-calls';

/** A stand-in for the page's WebSocket: the test opens it, answers, and closes it. */
class FakeSocket {
  sent: string[] = [];
  closedByPage = false;
  onopen: (() => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closedByPage = true;
  }
  hostSays(text: string) {
    this.onmessage?.({ data: text } as MessageEvent);
  }
  hostCloses(code: number) {
    this.onclose?.({ code } as CloseEvent);
  }
}

function setUp() {
  const sockets: FakeSocket[] = [];
  let reconnect!: () => void;
  const reconnectDelay = vi.fn(() => new Promise<void>((resolve) => (reconnect = resolve)));
  const calls = socketCalls('s3cret', {
    open: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    reconnectDelay,
  });
  const ready = (socket: FakeSocket) => {
    socket.onopen?.();
    socket.hostSays('{"ready":true}');
  };
  return { sockets, calls, reconnectDelay, ready, reconnect: () => reconnect() };
}

describe('calls over the browser host socket', () => {
  it('sends the secret first, and calls only once the host accepted it', async () => {
    const { sockets, calls, ready } = setUp();
    expect(calls.invoke('session:get', {})).toBeNull();
    sockets[0]!.onopen?.();
    expect(sockets[0]!.sent).toEqual(['{"secret":"s3cret"}']);
    expect(calls.invoke('session:get', {})).toBeNull();
    sockets[0]!.hostSays('{"ready":true}');
    const first = calls.invoke('customers:search', { query: 'a' });
    const second = calls.invoke('session:get', {});
    expect(sockets[0]!.sent.slice(1).map((text) => JSON.parse(text))).toEqual([
      { id: 0, channel: 'customers:search', input: { query: 'a' } },
      { id: 1, channel: 'session:get', input: {} },
    ]);
    // Answers in any order, each to its own call.
    sockets[0]!.hostSays('{"id":1,"result":{"ok":true,"value":"session"}}');
    sockets[0]!.hostSays('{"id":0,"result":{"ok":true,"value":"results"}}');
    expect(await first).toEqual({ ok: true, value: 'results' });
    expect(await second).toEqual({ ok: true, value: 'session' });
  });

  it('fails a call in flight when the socket drops (never sends it again), goes over HTTP meanwhile, and connects again after the wait', async () => {
    const { sockets, calls, ready, reconnectDelay, reconnect } = setUp();
    ready(sockets[0]!);
    const inFlight = calls.invoke('confirmations:confirm', { id: 'x' });
    sockets[0]!.hostCloses(1006);
    await expect(inFlight).rejects.toThrow('the call socket closed (1006)');
    expect(calls.invoke('session:get', {})).toBeNull();
    expect(reconnectDelay).toHaveBeenCalledTimes(1);
    reconnect();
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    ready(sockets[1]!);
    expect(calls.invoke('session:get', {})).not.toBeNull();
    expect(sockets[1]!.sent.map((text) => JSON.parse(text))).toEqual([{ secret: 's3cret' }, { id: 1, channel: 'session:get', input: {} }]);
  });

  it('gives up for good on a socket the host refused or never accepted: every call goes over HTTP', () => {
    for (const close of [4401, 4400]) {
      const { sockets, calls, ready, reconnectDelay } = setUp();
      ready(sockets[0]!);
      sockets[0]!.hostCloses(close);
      expect(calls.invoke('session:get', {})).toBeNull();
      expect(reconnectDelay).not.toHaveBeenCalled();
    }
    // No socket at this address (an older host): it closes without ever being ready.
    const { sockets, calls, reconnectDelay } = setUp();
    sockets[0]!.hostCloses(1006);
    expect(calls.invoke('session:get', {})).toBeNull();
    expect(reconnectDelay).not.toHaveBeenCalled();
  });

  it('closes a socket that sends what is not an answer', () => {
    const { sockets, ready } = setUp();
    ready(sockets[0]!);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    sockets[0]!.hostSays('{"id":"one","value":2}');
    logged.mockRestore();
    expect(sockets[0]!.closedByPage).toBe(true);
  });
});
