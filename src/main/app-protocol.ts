import { readFile, stat } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import { contentTypeOf, rendererFileFor } from '../shells/renderer-files';

/*
 * The app's own origin, app://mca-desk, instead of file://: the page gets a real origin of its own
 * ('self' in the CSP means our files, not the whole disk), navigation can be limited to it, and
 * only the built renderer folder is reachable. src/main/index.ts registers the scheme before
 * `ready` and serves it with `serveAppRequest`; no Electron import here, so it is unit-tested.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'mca-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads in the built app. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The privileges for `protocol.registerSchemesAsPrivileged`: standard (an origin, relative URLs,
 * storage) and secure (a secure context, which the clipboard API needs); code cache for start-up.
 * Not `corsEnabled` (nothing from another origin may read our files), not `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, codeCache: true } as const;

/** True when `url` is on app://mca-desk (no port, no credentials). */
export function isAppProtocolUrl(url: URL): boolean {
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.host.toLowerCase() === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** Headers of every app:// answer: the one CSP (the <meta> in index.html says the same). */
function headers(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

export interface AppFileSystem {
  isFile(path: string): Promise<boolean>;
  read(path: string): Promise<Uint8Array<ArrayBuffer>>;
}

const diskFiles: AppFileSystem = {
  isFile: (path) => stat(path).then((s) => s.isFile(), () => false),
  read: (path) => readFile(path),
};

/**
 * The answer to one app:// request: a file of `rootDir` (the built renderer), or 400/403/404/405.
 * Only GET and HEAD, only host mca-desk; see rendererFileFor for which paths are refused.
 */
export async function serveAppRequest(
  request: { method: string; url: string },
  rootDir: string,
  files: AppFileSystem = diskFiles,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refusal(400, 'Bad request');
  }
  if (!isAppProtocolUrl(url)) return refusal(404, 'Not found');
  const file = rendererFileFor(url.pathname, rootDir);
  if (!file.ok) return refusal(file.status, file.reason);
  if (!(await files.isFile(file.path))) return refusal(404, 'Not found');
  const body = request.method === 'HEAD' ? null : await files.read(file.path);
  return new Response(body, { status: 200, headers: headers(contentTypeOf(file.path)) });
}
