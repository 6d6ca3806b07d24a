import fs from 'node:fs';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAppCore } from '../../../src/main/core/app-core';
import { startBrowserHost, type BrowserHost } from '../../../src/browser-host/server';
import { tempDir } from '../../helpers/temp-dir';

/** A raw request, so tests can send a forged Host header (fetch would not). */
function raw(port: number, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  let core: Awaited<ReturnType<typeof startAppCore>>;
  const secret = 'test-secret-0123456789';

  beforeEach(async () => {
    const rendererDir = tempDir();
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
    expect((await raw(host.port, { path: '/api/events?secret=wrong', headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(401);
  });

  it('refuses other host names (DNS rebinding) and paths outside the renderer', async () => {
    expect((await raw(host.port, { path: '/', headers: { host: 'attacker.example' } })).status).toBe(421);
    expect((await raw(host.port, { path: '/../secret.txt', headers: { host: `127.0.0.1:${host.port}` } })).status).not.toBe(200);
    const encoded = await raw(host.port, { path: '/%2e%2e/%2e%2e/etc/passwd', headers: { host: `127.0.0.1:${host.port}` } });
    expect(encoded.status).not.toBe(200);
    expect(encoded.body).not.toContain('root:');
  });

  it('streams events to the browser', async () => {
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: `/api/events?secret=${secret}`, headers: { host: `127.0.0.1:${host.port}` } }, (res) => {
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

  it('gives a stream that connects late the latest state at once: a change sent before it connected is not lost', async () => {
    await call('connectivity:set-work-offline', { on: true });
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: `/api/events?secret=${secret}`, headers: { host: `127.0.0.1:${host.port}` } }, (res) => {
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
