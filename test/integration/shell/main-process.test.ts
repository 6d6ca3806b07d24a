import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, calls, events } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import type { AppCoreOptions } from '../../../src/main/core/app-core-types';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/policy';
import { notPrivate, usualUmask } from '../../helpers/file-modes';

/*
 * src/main/index.ts run in plain Node on a fake `electron` module and the real core: proves the
 * shell's wiring (data folder, window options, IPC sender checks, events, navigation guard, CSP,
 * permissions, shutdown) where the Electron binary cannot run. The real `electron` is never loaded.
 */

type Listener = (...args: any[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }
  class FakeContents extends Emitter {
    url = '';
    send = vi.fn();
    openHandler: Listener | undefined;
    mainFrame = { parent: null, url: '' };
    setWindowOpenHandler(handler: Listener) {
      this.openHandler = handler;
    }
    isDestroyed() {
      return false;
    }
    getURL() {
      return this.url;
    }
  }
  const appEmitter = new Emitter();
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    loadedUrl: string | undefined;
    constructor(public options: Record<string, any>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadFile(path: string) {
      throw new Error(`loadFile(${path}): the app loads from app://, never file://`);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    static getAllWindows() {
      return windows;
    }
  }
  const paths = new Map<string, string>([['userData', '/nonexistent/user-data']]);
  // Plain records, not vi.fn(): they must keep what happened at import time across tests.
  const seen = { setPath: [] as [string, string][], enableSandbox: 0, singleInstanceLock: 0, order: [] as string[] };
  const registered = {} as Record<'headers' | 'permissionRequest' | 'permissionCheck' | 'device', Listener>;
  const schemes: { scheme: string; privileges: Record<string, boolean> }[] = [];
  const protocolHandlers = new Map<string, Listener>();
  const app = Object.assign(appEmitter, {
    isPackaged: false,
    setPath: (name: string, value: string) => {
      seen.setPath.push([name, value]);
      paths.set(name, value);
    },
    getPath: (name: string) => paths.get(name) ?? '',
    getLocale: () => 'en-US',
    enableSandbox: () => void seen.enableSandbox++,
    requestSingleInstanceLock: () => {
      seen.singleInstanceLock++;
      return true;
    },
    whenReady: () => {
      seen.order.push('whenReady');
      return Promise.resolve();
    },
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const handlers = new Map<string, Listener>();
  const defaultSession = {
    webRequest: { onHeadersReceived: (listener: Listener) => void (registered.headers = listener) },
    setPermissionRequestHandler: (listener: Listener) => void (registered.permissionRequest = listener),
    setPermissionCheckHandler: (listener: Listener) => void (registered.permissionCheck = listener),
    setDevicePermissionHandler: (listener: Listener) => void (registered.device = listener),
  };
  return {
    app,
    seen,
    schemes,
    protocolHandlers,
    registered,
    windows,
    handlers,
    FakeContents,
    module: {
      app,
      BrowserWindow: FakeWindow,
      ipcMain: { handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) },
      session: { defaultSession },
      protocol: {
        registerSchemesAsPrivileged: (list: typeof schemes) => {
          seen.order.push('registerSchemesAsPrivileged');
          schemes.push(...list);
        },
        handle: (scheme: string, handler: Listener) => void protocolHandlers.set(scheme, handler),
      },
      net: { isOnline: () => true },
      shell: { openExternal: vi.fn(() => Promise.resolve()) },
      dialog: { showErrorBox: vi.fn() },
    },
  };
});

vi.mock('electron', () => fake.module);

// The real core, with the options the shell starts it with kept for a look at its capabilities.
const started = vi.hoisted(() => ({ options: undefined as AppCoreOptions | undefined }));
vi.mock('../../../src/main/core/app-core', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/main/core/app-core')>();
  return {
    ...real,
    startAppCore: (options: AppCoreOptions) => {
      started.options = options;
      return real.startAppCore(options);
    },
  };
});

usualUmask();
// One folder for the whole file (the module under test starts once); removed in afterAll.
const dataDir = mkdtempSync(join(tmpdir(), 'mca-desk-shell-'));
let window: (typeof fake.windows)[number];
let appUrl: string;

function invoke(channel: string, input: unknown, sender?: { sender?: unknown; senderFrame?: unknown }) {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const event = {
    sender: window.webContents,
    senderFrame: { parent: null, url: `${appUrl}#/customers` },
    ...sender,
  };
  return handler(event, input) as Promise<Result<any>>;
}

beforeAll(async () => {
  process.env['MCA_DESK_DATA_DIR'] = dataDir;
  delete process.env['ELECTRON_RENDERER_URL'];
  await import('../../../src/main/index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  window = fake.windows[0]!;
  appUrl = window.loadedUrl!;
  // The core is up once a call is answered.
  await vi.waitFor(async () => expect(await invoke(calls.getSession.channel, {})).toMatchObject({ ok: true }), {
    timeout: 20_000,
  });
}, 30_000);

afterAll(async () => {
  const quit = new Promise<void>((resolve) => fake.app.quit.mockImplementation(() => resolve()));
  const event = { preventDefault: vi.fn() };
  fake.app.emit('will-quit', event);
  expect(event.preventDefault).toHaveBeenCalled(); // held until the core is closed
  await quit;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Electron main process', () => {
  it('keeps all its data, and the single-instance lock, in MCA_DESK_DATA_DIR', () => {
    expect(fake.seen.setPath).toContainEqual(['userData', dataDir]);
    expect(fake.seen.singleInstanceLock).toBe(1);
    const files = readdirSync(dataDir, { recursive: true }).map(String);
    expect(files.some((file) => file.endsWith('.db'))).toBe(true);
    // The operator's alone (issue 14): folders 0700, files 0600.
    if (process.platform !== 'win32') expect(notPrivate(dataDir)).toEqual({});
  });

  it('opens one hardened window on app://mca-desk with the CommonJS preload', () => {
    expect(fake.seen.enableSandbox).toBe(1);
    expect(window.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(window.options['webPreferences'].preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.loadedUrl).toBe('app://mca-desk/index.html');
  });

  it('registers app:// as a standard, secure scheme before ready, and serves only the renderer folder from it', async () => {
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(fake.seen.order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.seen.order.indexOf('whenReady'));
    expect(fake.seen.order.indexOf('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    const handler = fake.protocolHandlers.get('app')!;
    // Under vitest the renderer folder beside src/main is src/renderer, whose index.html is there.
    const page = (await handler(new Request('app://mca-desk/index.html'))) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const escape = (await handler(new Request('app://mca-desk/..%2fmain%2findex.ts'))) as Response;
    expect(escape.status).toBe(403);
  });

  it("opens a sign-in page in the system browser only on the profile's authority", async () => {
    const openSignInPage = started.options?.shell?.openExternal;
    expect(openSignInPage).toBeDefined();
    const openExternal = fake.module.shell.openExternal;
    openExternal.mockClear();
    const authority = 'https://login.microsoftonline.com/contoso.onmicrosoft.com';
    const page = 'https://login.microsoftonline.com/0f6c1d2e-1111-4222-8333-444444444444/oauth2/v2.0/authorize?client_id=a';
    await openSignInPage!(page, { authority });
    expect(openExternal).toHaveBeenCalledWith(page);
    await expect(openSignInPage!('https://evil.example/oauth2/v2.0/authorize', { authority })).rejects.toThrow(/authority/);
    await expect(openSignInPage!('https://login.microsoftonline.us/x/oauth2/v2.0/authorize', { authority })).rejects.toThrow(/authority/);
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('answers every contract call, validated by the core', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual(callNames.map((name) => calls[name].channel).sort());
    const search = await invoke(calls.searchCustomers.channel, { query: 'Société' });
    expect(search).toMatchObject({ ok: true, value: { items: expect.any(Array) } });
    const bad = await invoke(calls.searchCustomers.channel, { query: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses calls from other contents, from iframes and from foreign pages', async () => {
    const other = new fake.FakeContents();
    expect(await invoke(calls.getSession.channel, {}, { sender: other })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const iframe = { parent: { parent: null }, url: appUrl };
    expect(await invoke(calls.getSession.channel, {}, { senderFrame: iframe })).toMatchObject({
      error: { code: 'forbidden' },
    });
    const foreign = { parent: null, url: 'https://example.com/' };
    expect(await invoke(calls.getSession.channel, {}, { senderFrame: foreign })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await invoke(calls.getSession.channel, {}, { senderFrame: null })).toMatchObject({
      error: { code: 'forbidden' },
    });
  });

  it('pushes core events to the window on their contract channels', async () => {
    window.webContents.send.mockClear();
    expect(await invoke(calls.setWorkOffline.channel, { on: true })).toMatchObject({ ok: true });
    await vi.waitFor(() =>
      expect(window.webContents.send).toHaveBeenCalledWith(events.connectivity.channel, expect.anything()),
    );
    expect(await invoke(calls.setWorkOffline.channel, { on: false })).toMatchObject({ ok: true });
  });

  it('blocks navigation away from the app, opening only allow-listed links outside', () => {
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      window.webContents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    const openExternal = fake.module.shell.openExternal;
    openExternal.mockClear();
    expect(navigate(`${appUrl}#/queue`)).toBe(false);
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://elsewhere/index.html')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
    expect(navigate('https://learn.microsoft.com/partner-center')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://learn.microsoft.com/partner-center');

    const redirect = { preventDefault: vi.fn() };
    window.webContents.emit('will-redirect', redirect, 'https://example.com/');
    expect(redirect.preventDefault).toHaveBeenCalled();

    const webview = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window', () => {
    const openExternal = fake.module.shell.openExternal;
    openExternal.mockClear();
    expect(window.webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(window.webContents.openHandler!({ url: 'https://aka.ms/mca' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://aka.ms/mca');
  });

  it('guards web contents it did not create too', () => {
    const stray = new fake.FakeContents();
    fake.app.emit('web-contents-created', {}, stray);
    const event = { preventDefault: vi.fn() };
    stray.emit('will-navigate', event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(stray.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('sets the strict CSP on every response and denies permissions', () => {
    const onHeaders = fake.registered.headers;
    const callback = vi.fn();
    onHeaders({ responseHeaders: { 'Content-Security-Policy': ["default-src *"] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });

    const request = fake.registered.permissionRequest;
    const granted = vi.fn();
    request(window.webContents, 'media', granted, { requestingUrl: appUrl });
    expect(granted).toHaveBeenCalledWith(false);
    const check = fake.registered.permissionCheck;
    expect(check(window.webContents, 'geolocation', 'app://mca-desk', { requestingUrl: appUrl })).toBe(false);
    expect(check(window.webContents, 'clipboard-sanitized-write', 'app://mca-desk', { requestingUrl: appUrl })).toBe(true);
    expect(check(window.webContents, 'clipboard-sanitized-write', 'file://', { requestingUrl: 'file:///tmp/x.html' })).toBe(false);
    const device = fake.registered.device;
    expect(device({})).toBe(false);
  });
});
