/*
 * The Content-Security-Policy of the app's page, written once. Three places apply it:
 * - the Electron shell sends it with every app:// file (src/main/app-protocol.ts) and sets it on
 *   every other response of its session (src/main/policy.ts, index.ts);
 * - the browser host serves it with every file (src/browser-host/server.ts);
 * - the build writes it into index.html as a <meta> tag (electron.vite.config.ts), so the page
 *   never runs without it, whoever serves it. src/renderer/index.html carries none of its own: the
 *   build refuses one.
 * test/integration/browser-host/content-security-policy.test.ts checks that all three agree.
 * Plain strings only: imported by the Electron shell, the browser host and the build config.
 */

/** The production policy: our own scripts only, no eval, no inline script, no network but our origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy for the page served by the Vite dev server at `origin` (`electron-vite dev` only):
 * React Refresh needs its inline preamble and a websocket back to the server. Nothing else loosens.
 */
export function devServerContentSecurityPolicy(origin: string): string {
  const ws = new URL(origin).origin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws}`,
  );
}
