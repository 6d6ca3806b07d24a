import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY, devServerContentSecurityPolicy } from '../shared/content-security-policy';

/*
 * The security policy of the Electron shell as plain functions over plain values, so that it is
 * unit-tested without Electron (test/unit/shell/). src/main/index.ts applies it.
 */

/** Where the app's own page lives: the built index.html (file://) or the dev server (http://). */
export type AppLocation = { kind: 'file'; href: string } | { kind: 'origin'; origin: string };

/**
 * `rendererUrl` is electron-vite's `ELECTRON_RENDERER_URL` (set only by `electron-vite dev`);
 * otherwise the app is the built `index.html` at `indexHtmlPath`.
 */
export function appLocation(rendererUrl: string | undefined, indexHtmlPath: string): AppLocation {
  if (rendererUrl) {
    const url = new URL(rendererUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`ELECTRON_RENDERER_URL must be an http(s) URL, got ${url.protocol}`);
    }
    return { kind: 'origin', origin: url.origin };
  }
  return { kind: 'file', href: pathToFileURL(indexHtmlPath).href };
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `raw` is the app's own page. For the built app that is exactly our index.html (any
 * query or fragment), not any other file on disk: file:// pages could otherwise read the disk.
 */
export function isAppUrl(raw: string, app: AppLocation): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (app.kind === 'origin') return url.origin === app.origin;
  const entry = new URL(app.href);
  return url.protocol === 'file:' && url.host === entry.host && url.pathname === entry.pathname;
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
  return app.kind === 'file' ? CONTENT_SECURITY_POLICY : devServerContentSecurityPolicy(app.origin);
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
