import { CONTENT_SECURITY_POLICY, devServerContentSecurityPolicy } from '../shared/content-security-policy';
import { APP_ENTRY_URL, isAppProtocolUrl } from './app-protocol';

/*
 * The security policy of the Electron shell as plain functions over plain values, so that it is
 * unit-tested without Electron (test/unit/shell/). src/main/index.ts applies it.
 */

/**
 * Where the app's own page lives: app://mca-desk (the built renderer, src/main/app-protocol.ts),
 * or the Vite dev server under `electron-vite dev`.
 */
export type AppLocation = { kind: 'app' } | { kind: 'dev-server'; origin: string };

/** The built app, at app://mca-desk. */
export const BUILT_APP: AppLocation = { kind: 'app' };

/**
 * What the window loads. `rendererUrl` is electron-vite's `ELECTRON_RENDERER_URL` (set by
 * `electron-vite dev`); it is honoured only when the app is not packaged: a packaged app always
 * loads its own files, whatever its environment says.
 */
export function appEntry(options: { isPackaged: boolean; rendererUrl: string | undefined }): { location: AppLocation; url: string } {
  if (options.isPackaged || !options.rendererUrl) return { location: BUILT_APP, url: APP_ENTRY_URL };
  const url = new URL(options.rendererUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`ELECTRON_RENDERER_URL must be an http(s) URL, got ${url.protocol}`);
  }
  return { location: { kind: 'dev-server', origin: url.origin }, url: url.href };
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `raw` is on the app's own origin: app://mca-desk (every path of it is a file of the
 * built renderer, nothing else), or the dev server's origin under `electron-vite dev`.
 */
export function isAppUrl(raw: string, app: AppLocation): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (app.kind === 'dev-server') return url.origin === app.origin;
  return isAppProtocolUrl(url);
}

/** Hosts whose https links may open in the system browser. Exact host names, no subdomains. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'learn.microsoft.com',
  'aka.ms',
  'admin.microsoft.com',
  'partner.microsoft.com',
  // Microsoft's page where a customer accepts the agreement (the acceptance link).
  'cdn.partner.microsoft.com',
];

/**
 * The built-in sandbox's stand-in for that page: the emulator's `/mca/` on loopback, with only an
 * attestation id. Nothing else on loopback opens.
 */
function isSandboxAcceptancePage(url: URL): boolean {
  return (
    url.protocol === 'http:' &&
    url.hostname === '127.0.0.1' &&
    url.pathname === '/mca/' &&
    [...url.searchParams.keys()].every((k) => k === 'attestationid') &&
    url.searchParams.getAll('attestationid').length === 1
  );
}

/** "Email to customer": a mailto with addresses and a subject and body, nothing else (no attachments, no cc). */
function isPlainMailto(url: URL): boolean {
  return url.protocol === 'mailto:' && url.pathname !== '' && [...url.searchParams.keys()].every((k) => k === 'subject' || k === 'body');
}

/**
 * The URL to hand to `shell.openExternal`, or null when the link must not leave the app:
 * https on the default port to an allow-listed host without credentials, the sandbox's
 * acceptance page, or a plain mailto.
 */
export function externalLinkToOpen(raw: string): string | null {
  const url = parse(raw);
  if (!url) return null;
  if (isPlainMailto(url) || isSandboxAcceptancePage(url)) return url.href;
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return null;
  if (!EXTERNAL_LINK_HOSTS.includes(url.hostname)) return null;
  return url.href;
}

/** What the core asks the shell to open for a sign-in (ShellCapabilities.openExternal). */
export type SignInPageOpener = (url: string, signIn: { authority: string }) => Promise<void>;

/**
 * The sign-in page to hand to `shell.openExternal`, or null when it must not open: https on the
 * host and port of `authority`, the profile's Entra ID authority (`login.microsoftonline.com` and
 * the other clouds' hosts, or the emulator's identity provider on loopback for a built-in
 * sandbox), without credentials. MSAL builds the page from the authority's discovery document, so
 * the path (often the tenant's id rather than its domain) is MSAL's; the host must be the authority's.
 */
export function signInPageToOpen(raw: string, authority: string): string | null {
  const url = parse(raw);
  const expected = parse(authority);
  if (!url || !expected || url.protocol !== 'https:' || expected.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.host !== expected.host) return null;
  return url.href;
}

/** `open` (Electron's shell.openExternal) for sign-in pages that pass signInPageToOpen only. */
export function signInPageOpener(open: (url: string) => Promise<void>, onRefused: (url: string) => void = () => undefined): SignInPageOpener {
  return async (url, signIn) => {
    const page = signInPageToOpen(url, signIn.authority);
    if (page === null) {
      onRefused(url);
      throw new Error(`Refusing to open a sign-in page that is not on the profile's authority (${authorityOrigin(signIn.authority)}).`);
    }
    await open(page);
  };
}

/** An authority's origin for a message; never its path (a tenant) in full. */
function authorityOrigin(authority: string): string {
  return parse(authority)?.origin ?? 'an unparseable authority';
}

/** What to do with a navigation of an existing page (`will-navigate`, `will-redirect`). */
export type NavigationDecision = { action: 'allow' } | { action: 'block'; openExternal: string | null };

export function decideNavigation(raw: string, app: AppLocation): NavigationDecision {
  if (isAppUrl(raw, app)) return { action: 'allow' };
  return { action: 'block', openExternal: externalLinkToOpen(raw) };
}

/** The production Content-Security-Policy; its one home is src/shared/content-security-policy.ts. */
export { CONTENT_SECURITY_POLICY };

/**
 * The policy for a page at `app`. Under the Vite dev server only, React Refresh needs its inline
 * preamble and a websocket back to the server; the built app always gets the strict policy.
 */
export function contentSecurityPolicy(app: AppLocation): string {
  return app.kind === 'app' ? CONTENT_SECURITY_POLICY : devServerContentSecurityPolicy(app.origin);
}

/** Response headers with any Content-Security-Policy the response had replaced by `policy`. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/**
 * Every permission request and check is denied, with one exception: the app's own page may write
 * plain text to the clipboard (copying a tenant id), which Chromium routes through the permission
 * handlers as 'clipboard-sanitized-write'. Reading the clipboard stays denied.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, app: AppLocation): boolean {
  return permission === 'clipboard-sanitized-write' && requestingUrl !== undefined && isAppUrl(requestingUrl, app);
}

/** Facts about the sender of an IPC message, read off Electron's event by src/main/ipc.ts. */
export interface SenderInfo {
  /** The sending webContents is the one of our app window. */
  fromAppWindow: boolean;
  /** The sending frame is that window's top frame (not an iframe). */
  isTopFrame: boolean;
  /** The sending frame's URL; null when the frame is gone (navigated away or destroyed). */
  url: string | null;
}

/**
 * Why a message from this sender must be refused, or null when it may be served. Like VS Code's
 * validatedIpcMain: only the top frame of our own window, showing our own page, may call the core.
 */
export function senderProblem(sender: SenderInfo, app: AppLocation): string | null {
  if (!sender.fromAppWindow) return 'The request did not come from the MCA Desk window.';
  if (!sender.isTopFrame) return 'The request came from a frame inside the page, not from the page itself.';
  if (sender.url === null || !isAppUrl(sender.url, app)) return 'The request came from a page that is not MCA Desk.';
  return null;
}
