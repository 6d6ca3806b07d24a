import fs from 'node:fs';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAppCore } from '../../../src/main/core/app-core';
import type { AppCore } from '../../../src/main/core/app-core-types';
import { startBrowserHost, type BrowserHost } from '../../../src/browser-host/server';
import { httpTransport } from '../../../src/renderer/bridge/http-bridge';
import { calls, events } from '../../../src/shared/contract';
import { buildMcaDeskApi, channelsOf } from '../../../src/shared/mca-desk-api';
import { raw } from '../../helpers/raw-http';
import { tempDir } from '../../helpers/temp-dir';

/**
 * A call whose body is never finished (only its headers, when `chunks` is empty): resolves with the
 * answer once it arrives and the server has closed the connection.
 */
function unfinishedCall(port: number, headers: Record<string, string | number>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answer: { status: number; body: string } | null = null;
    const req = http.request({ host: '127.0.0.1', port, path: '/api/call/session:get', method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => (answer = { status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('close', () => (answer ? resolve(answer) : reject(new Error('closed without an answer'))));
    req.flushHeaders();
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  let core: Awaited<ReturnType<typeof startAppCore>>;
  let rendererDir: string;
  const secret = 'test-secret-0123456789';

  beforeEach(async () => {
    rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MCA Desk</title>');
    fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'outside');
    core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterFor({ emulatorCustomers: 20 }) });
    host = await startBrowserHost({ core, rendererDir, secret });
  });
  afterEach(async () => {
    await host.close();
    await core.close();
  });

  const call = (channel: string, body: unknown, token = secret) =>
    raw(host.port, { path: `/api/call/${channel}`, method: 'POST', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves the renderer on loopback with a strict CSP, and the secret only in the fragment', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.openUrl).toBe(`${host.url}#secret=${secret}`);
    const page = await raw(host.port, { path: '/', headers: { host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers calls with the secret, through the same contract as the app', async () => {
    const session = await call('session:get', {});
    expect(JSON.parse(session.body)).toMatchObject({ ok: true, value: { profile: { id: 'sandbox' } } });
    const bad = await call('customers:search', { query: 42 });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await call('nope:nothing', {});
    expect(unknown.status).toBe(404);
  });

  it('refuses calls and events without the secret, or with a wrong one', async () => {
    expect((await call('session:get', {}, 'wrong')).status).toBe(401);
    expect((await raw(host.port, { path: '/api/call/session:get', method: 'POST', headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(401);
    expect((await raw(host.port, { path: '/api/events', headers: { host: `127.0.0.1:${host.port}`, authorization: 'Bearer wrong' } })).status).toBe(401);
    // The secret in a URL is refused, right or wrong: URLs end up in logs and history.
    expect((await raw(host.port, { path: `/api/events?secret=${secret}`, headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(401);
  });

  it('refuses other host names (DNS rebinding) and paths outside the renderer', async () => {
    expect((await raw(host.port, { path: '/', headers: { host: 'attacker.example' } })).status).toBe(421);
    expect((await raw(host.port, { path: '/../secret.txt', headers: { host: `127.0.0.1:${host.port}` } })).status).not.toBe(200);
    const encoded = await raw(host.port, { path: '/%2e%2e/%2e%2e/etc/passwd', headers: { host: `127.0.0.1:${host.port}` } });
    expect(encoded.status).not.toBe(200);
    expect(encoded.body).not.toContain('root:');
  });

  it('answers every malformed path (400) or missing file (404) and stays up: one <img> must not stop the host', async () => {
    const headers = { host: `127.0.0.1:${host.port}` };
    const answers: Record<string, number> = {};
    for (const path of ['/%ZZ', '/%00', '/index.html%00.png', '/%E0%A4%A', '/assets/%C0%AF', '/nothing-here.js']) answers[path] = (await raw(host.port, { path, headers })).status;
    answers['call /api/call/%E0%A4%A'] = (await call('%E0%A4%A', {})).status;
    answers['call /api/call/%00'] = (await call('%00', {})).status;
    expect(answers).toEqual({
      '/%ZZ': 400,
      '/%00': 400,
      '/index.html%00.png': 400,
      '/%E0%A4%A': 400,
      '/assets/%C0%AF': 400,
      '/nothing-here.js': 404,
      'call /api/call/%E0%A4%A': 400,
      'call /api/call/%00': 400,
    });
    expect((await raw(host.port, { path: '/', headers })).status).toBe(200);
    expect(JSON.parse((await call('session:get', {})).body)).toMatchObject({ ok: true });
  });

  it('answers a body over 16 MB with 413 and a typed error, closes without reading the rest, and stays up', async () => {
    const headers = { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const refusal = { ok: false, error: { code: 'invalid-input', message: 'The request body is larger than 16 MB.' } };
    // Declared too large: refused before a byte of it is read (none is ever sent).
    const declared = await unfinishedCall(host.port, { ...headers, 'content-length': 16_000_001 });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual(refusal);
    // Streamed without a length: refused once it passes the limit, though it never ends.
    const unended = new ReadableStream<Uint8Array>({ start: (controller) => Array.from({ length: 17 }, () => controller.enqueue(new Uint8Array(1_000_000).fill(0x20))) });
    const streamed = await fetch(`${host.url}api/call/session:get`, { method: 'POST', headers, body: unended, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual(refusal);
    expect(JSON.parse((await call('session:get', {})).body)).toMatchObject({ ok: true });
  });

  it("refuses a request from another origin or site (403), even with the secret, and serves its own page's", async () => {
    const own = `http://127.0.0.1:${host.port}`;
    const get = (path: string, headers: Record<string, string>) => raw(host.port, { path, headers: { host: `127.0.0.1:${host.port}`, ...headers } });
    const post = (headers: Record<string, string>) =>
      raw(host.port, { path: '/api/call/session:get', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${secret}`, ...headers }, body: '{}' });
    const events = (headers: Record<string, string>) => get('/api/events', { authorization: `Bearer ${secret}`, ...headers });
    const statuses = {
      callFromEvil: (await post({ origin: 'http://evil.example' })).status,
      callFromNull: (await post({ origin: 'null' })).status,
      callFromOtherPort: (await post({ origin: `http://127.0.0.1:${host.port + 1}` })).status,
      callCrossSite: (await post({ 'sec-fetch-site': 'cross-site' })).status,
      callSameSite: (await post({ 'sec-fetch-site': 'same-site' })).status,
      eventsFromEvil: (await events({ origin: 'http://evil.example' })).status,
      pageFromEvil: (await get('/', { origin: 'http://evil.example' })).status,
      imageCrossSite: (await get('/%ZZ', { 'sec-fetch-site': 'cross-site' })).status,
      callFromOwnPage: (await post({ origin: own, 'sec-fetch-site': 'same-origin' })).status,
      callFromLocalhost: (await post({ origin: `http://localhost:${host.port}` })).status,
      pageTyped: (await get('/', { 'sec-fetch-site': 'none' })).status,
    };
    expect(statuses).toEqual({
      callFromEvil: 403,
      callFromNull: 403,
      callFromOtherPort: 403,
      callCrossSite: 403,
      callSameSite: 403,
      eventsFromEvil: 403,
      pageFromEvil: 403,
      imageCrossSite: 403,
      callFromOwnPage: 200,
      callFromLocalhost: 200,
      pageTyped: 200,
    });
  });

  it('streams events to the browser', async () => {
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${secret}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes(': connected')) connected();
          if (text.includes('"workOffline":true')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (error) => (String(error).includes('socket hang up') ? undefined : reject(error)));
    });
    await isConnected;
    await call('connectivity:set-work-offline', { on: true });
    expect(await received).toContain('event: event:connectivity');
  });

  it("gives the page's transport its events (secret in a header, never in a URL), and after a dropped stream it reconnects and gets the latest state", async () => {
    const port = host.port;
    const requested: string[] = [];
    const pageFetch: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetch(new URL(String(input), `http://127.0.0.1:${port}`), init);
    };
    let dropped!: () => void;
    const streamDropped = new Promise<void>((resolve) => (dropped = resolve));
    let reconnect!: () => void;
    const mayReconnect = new Promise<void>((resolve) => (reconnect = resolve));
    let reconnects = 0;
    const api = buildMcaDeskApi(
      httpTransport(secret, {
        fetch: pageFetch,
        // Once: after the test the host closes for good, and the page must not keep knocking.
        reconnectDelay: () => {
          if (reconnects++ > 0) return new Promise<void>(() => undefined);
          dropped();
          return mayReconnect;
        },
      }),
      channelsOf(calls, events),
    );
    const waiting: Array<{ offline: boolean; resolve: () => void }> = [];
    api.on('connectivity', ({ workOffline }) => waiting.filter((w) => w.offline === workOffline).forEach((w) => w.resolve()));
    const workOffline = (offline: boolean) => new Promise<void>((resolve) => waiting.push({ offline, resolve }));

    const offline = workOffline(true);
    expect(await api.setWorkOffline({ on: true })).toMatchObject({ ok: true });
    await offline;

    // The host goes away (its streams end) and comes back on the same port; the change made
    // while no stream was open arrives when the page reconnects.
    await host.close();
    await streamDropped;
    host = await startBrowserHost({ core, rendererDir, secret, port });
    expect(await core.dispatch('setWorkOffline', { on: false })).toMatchObject({ ok: true });
    const online = workOffline(false);
    reconnect();
    await online;
    expect(requested.filter((url) => url.includes('events'))).toEqual(['/api/events', '/api/events']);
    expect(requested.join(' ')).not.toContain(secret);
  });

  it('gives a stream that connects late the latest state at once: a change sent before it connected is not lost', async () => {
    await call('connectivity:set-work-offline', { on: true });
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${secret}` } }, (res) => {
        let received = '';
        res.on('data', (c: Buffer) => {
          received += c.toString();
          if (received.includes('event: event:connectivity')) {
            req.destroy();
            resolve(received);
          }
        });
      });
      req.on('error', (error) => (String(error).includes('socket hang up') ? undefined : reject(error)));
    });
    // The snapshot replayed, not a one-off event (a customer created, a refresh step) from before.
    expect(text).toMatch(/event: event:connectivity\ndata: \{[^\n]*"workOffline":true/);
    expect(text).not.toContain('event: event:customers-changed');
  });
});

describe('browser host, when a handler fails', () => {
  it('answers 500 and logs the failure to stderr (without the secret), and serves the next request', async () => {
    const secret = 'test-secret-0123456789';
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MCA Desk</title>');
    // dispatch never throws in the real core; a bug in it must still not end the host.
    const core: AppCore = {
      dispatch: (name) => (name === 'getSession' ? Promise.reject(new Error('rejected by a bug')) : (() => { throw new Error('thrown by a bug'); })()),
      subscribe: () => () => undefined,
      close: async () => undefined,
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const host = await startBrowserHost({ core, rendererDir, secret });
    try {
      const post = (channel: string) =>
        raw(host.port, { path: `/api/call/${channel}`, method: 'POST', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${secret}` }, body: '{}' });
      expect((await post('session:get')).status).toBe(500);
      expect((await post('customers:search')).status).toBe(500);
      const lines = logged.mock.calls.map((args) => args.join(' '));
      expect(lines).toEqual([expect.stringContaining('rejected by a bug'), expect.stringContaining('thrown by a bug')]);
      expect(lines.join('\n')).not.toContain(secret);
      expect((await raw(host.port, { path: '/', headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(200);
    } finally {
      logged.mockRestore();
      await host.close();
    }
  });
});
