import { app, BrowserWindow, dialog, net, protocol, session, shell, type Session, type WebContents } from 'electron';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppCore } from './core/app-core';
import { partnerCenterFor } from '../shells/partner-center';
import type { AppCore } from './core/app-core-types';
import { forwardCoreEvents, registerIpc } from './ipc';
import { safeStorageSecretStore } from './safe-storage';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import {
  appEntry,
  contentSecurityPolicy,
  decideNavigation,
  externalLinkToOpen,
  isPermissionAllowed,
  signInPageOpener,
  withContentSecurityPolicy,
  type AppLocation,
} from './policy';

/*
 * The Electron shell: one hardened window on the core. Everything the app does lives in
 * src/main/core (plain Node); this file only wires Electron to it. Why each setting: README.md.
 */

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
// app://mca-desk/index.html; the dev server only under `electron-vite dev`, never once packaged.
const entry = appEntry({ isPackaged: app.isPackaged, rendererUrl: process.env['ELECTRON_RENDERER_URL'] });
const appAt: AppLocation = entry.location;

// Before `ready`, or the scheme gets no origin of its own: standard + secure (src/main/app-protocol.ts).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

// A data folder given by the environment (tests, several profiles side by side) replaces the
// per-user one for everything: our database, Chromium's profile, and the single-instance lock.
const dataDirOverride = process.env['MCA_DESK_DATA_DIR'];
if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride));

// Every renderer runs sandboxed, whatever a webPreferences says.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another MCA Desk already runs on this data folder; it gets focused (below) and we leave.
  app.quit();
} else {
  start();
}

function start(): void {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  const corePromise = app.whenReady().then(() =>
    startAppCore({
      dataDir: app.getPath('userData'),
      // The built-in sandbox's emulator starts here, in-process (or a given one: tests, demos).
      partnerCenter: partnerCenterFor({ emulatorUrl: process.env['MCA_DESK_PARTNER_CENTER_URL'] || undefined }),
      shell: {
        isOnline: () => net.isOnline(),
        // The Entra ID sign-in page opens in the system browser (only on the profile's authority);
        // MSAL listens on loopback.
        openExternal: signInPageOpener(
          (url) => shell.openExternal(url),
          (url) => refused('sign-in page', url),
        ),
        secretStore: (profileId: string) => safeStorageSecretStore(join(app.getPath('userData'), 'tokens'), profileId),
      },
      locale: app.getLocale(),
    }),
  );
  // Handlers exist before the page loads; calls made while the core starts wait for it.
  registerIpc({ core: () => corePromise, window: () => mainWindow, app: appAt });

  corePromise.then(
    (started) => {
      core = started;
      forwardCoreEvents(started, () => mainWindow);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[main] the core did not start: ${message}`);
      dialog.showErrorBox('MCA Desk could not start', message);
      app.exit(1);
    },
  );

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession);
      // Only the built renderer folder answers on app://mca-desk, each file with the CSP.
      protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));
      createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('[main] start-up failed', error);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the core (database, sync engine, emulator) before the process ends.
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !core) return;
    closing = true;
    event.preventDefault();
    const started = core;
    core = null;
    started
      .close()
      .catch((error: unknown) => console.error('[main] closing the core failed', error))
      .finally(() => app.quit());
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'MCA Desk',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadURL(entry.url).catch((error: unknown) => console.error('[main] the page did not load', error));
}

/** CSP on every response, every permission denied (but plain-text clipboard writes by our page). */
function hardenSession(ses: Session): void {
  const policy = contentSecurityPolicy(appAt);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), appAt));
  });
  ses.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? contents?.getURL(), appAt),
  );
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every webContents the app ever creates, our window's included: no navigation away
 * from our page, no new windows, no <webview>. Allow-listed https links open in the system browser.
 */
function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    const decision = decideNavigation(url, appAt);
    if (decision.action === 'allow') return;
    event.preventDefault();
    refused('navigation', url);
    if (decision.openExternal) openExternal(decision.openExternal);
  });
  contents.on('will-redirect', (event, url) => {
    if (decideNavigation(url, appAt).action === 'allow') return;
    event.preventDefault();
    refused('redirect', url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkToOpen(url);
    if (external) openExternal(external);
    else refused('new window', url);
    return { action: 'deny' };
  });
}

function openExternal(url: string): void {
  shell.openExternal(url).catch((error: unknown) => console.error('[main] could not open a link', error));
}

/** Logs a refused URL by its scheme and host only: paths and queries may carry personal data. */
function refused(what: string, url: string): void {
  let origin = 'an unparseable URL';
  try {
    const parsed = new URL(url);
    origin = `${parsed.protocol}//${parsed.host}`;
  } catch {
    // keep the placeholder
  }
  console.warn(`[main] blocked ${what} to ${origin}`);
}
