import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startAppCore } from '../../../src/main/core/app-core';
import { startBrowserHost, type BrowserHost } from '../../../src/browser-host/server';
import { httpTransport } from '../../../src/renderer/bridge/http-bridge';
import { calls, events } from '../../../src/shared/contract';
import { buildMcaDeskApi, channelsOf } from '../../../src/shared/mca-desk-api';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { raw } from '../../helpers/raw-http';
import { tempDir } from '../../helpers/temp-dir';

type Opened = { socket: WebSocket; next: () => Promise<string>; closed: Promise<{ code: number; reason: string }> };

describe('browser host, calls over its WebSocket', () => {
  let host: BrowserHost;
  let core: Awaited<ReturnType<typeof startAppCore>>;
  const secret = 'test-secret-0123456789';

  beforeEach(async () => {
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MCA Desk</title>');
    core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterFor({ emulatorCustomers: 20 }) });
    host = await startBrowserHost({ core, rendererDir, secret });
  });
  afterEach(async () => {
    await host.close();
    await core.close();
  });

  /** Opens the socket with these headers; its messages in order, and how it closed. */
  const open = (headers: Record<string, string> = {}, pathname = '/api/socket'): Promise<Opened> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}${pathname}`, { headers });
      const messages: string[] = [];
      const waiting: Array<(text: string) => void> = [];
      socket.on('message', (data) => {
        const text = data.toString();
        const waiter = waiting.shift();
        if (waiter) waiter(text);
        else messages.push(text);
      });
      const closed = new Promise<{ code: number; reason: string }>((done) => socket.on('close', (code, reason) => done({ code, reason: reason.toString() })));
      const next = () => new Promise<string>((done) => (messages.length ? done(messages.shift()!) : waiting.push(done)));
      socket.on('open', () => resolve({ socket, next, closed }));
      socket.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.on('error', reject);
    });
  /** Opened and past the secret. */
  const ready = async (): Promise<Opened> => {
    const opened = await open();
    opened.socket.send(JSON.stringify({ secret }));
    expect(JSON.parse(await opened.next())).toEqual({ ready: true });
    return opened;
  };
  const callOver = async (opened: Opened, id: number, channel: string, input: unknown) => {
    opened.socket.send(JSON.stringify({ id, channel, input }));
    return JSON.parse(await opened.next()) as { id: number; result: unknown };
  };
  const httpCall = async (channel: string, input: unknown) =>
    JSON.parse(
      (await raw(host.port, { path: `/api/call/${channel}`, method: 'POST', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(input) })).body,
    ) as unknown;

  it('answers a call as POST /api/call answers it, refused or not, once the first message carried the secret', async () => {
    // The core loads the sandbox's customers by itself: compare answers with results in them.
    // Their statuses too: answers compared while they change would differ.
    await vi.waitFor(() => expect(core.internals.db.prepare('SELECT count(*) AS n FROM mca_status').get()).toEqual({ n: 20 }), { timeout: 15_000 });
    const opened = await ready();
    for (const [channel, input] of [
      ['session:get', {}],
      ['customers:search', { query: '', limit: 40 }],
      ['customers:search', { query: 'soc', limit: 5 }],
      ['customers:search', { query: 42 }],
    ] as const) {
      const answer = await callOver(opened, 7, channel, input);
      expect(answer.id).toBe(7);
      expect(answer.result).toEqual(await httpCall(channel, input));
    }
    const refused = await callOver(opened, 8, 'customers:search', { query: 42 });
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const search = await callOver(opened, 9, 'customers:search', { query: '', limit: 40 });
    expect((search.result as { value: { items: unknown[] } }).value.items).toHaveLength(20);
  });

  it('answers an unknown call with a typed error and stays open', async () => {
    const opened = await ready();
    expect(await callOver(opened, 1, 'nope:nothing', {})).toEqual({ id: 1, result: { ok: false, error: { code: 'invalid-input', message: 'Unknown channel.' } } });
    expect(await callOver(opened, 2, 'session:get', {})).toMatchObject({ id: 2, result: { ok: true } });
  });

  it('closes a socket whose first message is not the secret: a wrong one, none, or a call', async () => {
    const wrong = await open();
    wrong.socket.send(JSON.stringify({ secret: 'wrong' }));
    expect((await wrong.closed).code).toBe(4401);
    const call = await open();
    call.socket.send(JSON.stringify({ id: 1, channel: 'session:get', input: {} }));
    expect((await call.closed).code).toBe(4401);
    const empty = await open();
    empty.socket.send(JSON.stringify({ secret: '' }));
    expect((await empty.closed).code).toBe(4401);
  });

  it('closes a socket that sends nothing, once its time for the secret (5 s) has passed', async () => {
    const silent = await open();
    const openedAt = Date.now();
    expect((await silent.closed).code).toBe(4401);
    // Closed by the host's timer, not sooner (a lower bound only: a loaded machine may be later).
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(4_900);
  });

  it('closes a socket on a message that is not a call: not JSON, binary, without an id, with more fields', async () => {
    for (const message of ['not json', Buffer.from('{"id":1,"channel":"session:get","input":{}}'), '{"channel":"session:get","input":{}}', '{"id":-1,"channel":"session:get"}', '{"id":1,"channel":"session:get","input":{},"secret":"x"}']) {
      const opened = await ready();
      opened.socket.send(message);
      expect(await opened.closed).toMatchObject({ code: 4400 });
    }
    expect(await httpCall('session:get', {})).toMatchObject({ ok: true });
  });

  it('closes a socket on a message over 16 MB, before parsing it, and stays up', async () => {
    const opened = await ready();
    opened.socket.send(JSON.stringify({ id: 1, channel: 'import:preview', input: { text: 'x'.repeat(16_000_001) } }));
    expect((await opened.closed).code).toBe(1009);
    const after = await ready();
    expect(await callOver(after, 2, 'session:get', {})).toMatchObject({ result: { ok: true } });
  });

  it('refuses the upgrade from another origin or site, for another host name, or on another path', async () => {
    const own = `http://127.0.0.1:${host.port}`;
    const status = (headers: Record<string, string>, pathname?: string) =>
      open(headers, pathname).then(
        (opened) => (opened.socket.close(), 101),
        (error: Error) => Number(/HTTP (\d+)/.exec(error.message)?.[1] ?? 0),
      );
    expect({
      fromEvil: await status({ origin: 'http://evil.example' }),
      fromNull: await status({ origin: 'null' }),
      fromOtherPort: await status({ origin: `http://127.0.0.1:${host.port + 1}` }),
      crossSite: await status({ origin: own, 'sec-fetch-site': 'cross-site' }),
      sameSite: await status({ 'sec-fetch-site': 'same-site' }),
      rebound: await status({ host: 'attacker.example' }),
      otherPath: await status({ origin: own }, '/api/events'),
      ownPage: await status({ origin: own }),
      localhost: await status({ origin: `http://localhost:${host.port}` }),
    }).toEqual({ fromEvil: 403, fromNull: 403, fromOtherPort: 403, crossSite: 403, sameSite: 403, rebound: 421, otherPath: 404, ownPage: 101, localhost: 101 });
  });

  it("gives the page's calls to the socket once it is ready (the secret in no URL), over HTTP before and while it is down", async () => {
    const fetched: string[] = [];
    const pageFetch: typeof fetch = (input, init) => {
      fetched.push(String(input));
      return fetch(new URL(String(input), `http://127.0.0.1:${host.port}`), init);
    };
    const opened: string[] = [];
    let readyOnce!: () => void;
    let isReady = new Promise<void>((resolve) => (readyOnce = resolve));
    let current: globalThis.WebSocket | null = null;
    let reconnect!: () => void;
    const mayReconnect = new Promise<void>((resolve) => (reconnect = resolve));
    const api = buildMcaDeskApi(
      httpTransport(secret, {
        fetch: pageFetch,
        reconnectDelay: () => mayReconnect,
        openSocket: () => {
          const url = `ws://127.0.0.1:${host.port}/api/socket`;
          opened.push(url);
          const socket = new globalThis.WebSocket(url);
          socket.addEventListener('message', (event) => {
            if (String(event.data) === '{"ready":true}') readyOnce();
          });
          current = socket;
          return socket;
        },
      }),
      channelsOf(calls, events),
    );
    // Before the host accepted the secret: over HTTP.
    expect(await api.getSession({})).toMatchObject({ ok: true });
    expect(fetched).toEqual(['/api/call/session:get']);
    await isReady;
    const overSocket = await api.searchCustomers({ query: 'x', limit: 5 });
    expect(overSocket).toEqual(await httpCall('customers:search', { query: 'x', limit: 5 }));
    expect(await api.searchCustomers({ query: 42 as unknown as string })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fetched).toEqual(['/api/call/session:get']);

    // Dropped: the next call goes over HTTP, and after the wait the socket is back.
    const closed = new Promise<void>((resolve) => current!.addEventListener('close', () => resolve()));
    isReady = new Promise<void>((resolve) => (readyOnce = resolve));
    current!.close();
    await closed;
    expect(await api.getSession({})).toMatchObject({ ok: true });
    expect(fetched).toEqual(['/api/call/session:get', '/api/call/session:get']);
    reconnect();
    await isReady;
    expect(await api.getSession({})).toMatchObject({ ok: true });
    expect(fetched).toHaveLength(2);
    expect([...opened, ...fetched].join(' ')).not.toContain(secret);
  });

  it('leaves the calls on HTTP for good when the host refuses the socket', async () => {
    const fetched: string[] = [];
    let refused!: () => void;
    const wasRefused = new Promise<void>((resolve) => (refused = resolve));
    let reconnects = 0;
    const api = buildMcaDeskApi(
      httpTransport('not-the-secret', {
        fetch: (input, init) => {
          fetched.push(String(input));
          return fetch(new URL(String(input), `http://127.0.0.1:${host.port}`), init);
        },
        reconnectDelay: async () => void reconnects++,
        openSocket: () => {
          const socket = new globalThis.WebSocket(`ws://127.0.0.1:${host.port}/api/socket`);
          socket.addEventListener('close', (event) => (expect(event.code).toBe(4401), refused()));
          return socket;
        },
      }),
      channelsOf(calls, events),
    );
    await wasRefused;
    expect(await api.getSession({})).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(fetched).toEqual(['/api/call/session:get']);
    expect(reconnects).toBe(0);
  });
});
