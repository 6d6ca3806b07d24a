import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, serveAppRequest } from '../../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy';
import { contentTypeOf, rendererFileFor } from '../../../src/shells/renderer-files';
import { tempDir } from '../../helpers/temp-dir';

/*
 * app://mca-desk serves the built renderer folder and nothing else: real files in a temp folder,
 * with a secret file beside the folder that no request may reach.
 */

function renderer(): { root: string; secret: string } {
  const dir = tempDir('mca-app-protocol-');
  const root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>MCA Desk</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log("app");');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  const secret = path.join(dir, 'secret.txt');
  fs.writeFileSync(secret, 'the secret');
  return { root, secret };
}

const get = (url: string, root: string, method = 'GET') => serveAppRequest({ method, url }, root);

describe('app://mca-desk', () => {
  it('is registered standard and secure, and closed to other origins (no CORS, no CSP bypass)', () => {
    expect(APP_ENTRY_URL).toBe('app://mca-desk/index.html');
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });

  it('serves index.html, at / too, with the one Content-Security-Policy', async () => {
    const { root } = renderer();
    for (const url of [APP_ENTRY_URL, 'app://mca-desk/', 'app://mca-desk']) {
      const response = await get(url, root);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>MCA Desk</title>');
    }
  });

  it('serves the built assets as what they are (module scripts must be JavaScript under nosniff)', async () => {
    const { root } = renderer();
    const script = await get('app://mca-desk/assets/index-abc.js', root);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await script.text()).toBe('console.log("app");');
    expect((await get('app://mca-desk/assets/index-abc.css?v=1#x', root)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await get(APP_ENTRY_URL, root, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['a dot-dot path (normalised by the URL parser to the root)', 'app://mca-desk/../secret.txt', 404],
    ['an encoded dot-dot segment', 'app://mca-desk/%2e%2e/secret.txt', 404],
    ['an encoded slash', 'app://mca-desk/..%2fsecret.txt', 403],
    ['an encoded slash, deeper', 'app://mca-desk/assets/..%2f..%2fsecret.txt', 403],
    ['all encoded', 'app://mca-desk/%2e%2e%2fsecret.txt', 403],
    ['an encoded backslash', 'app://mca-desk/..%5csecret.txt', 403],
    ['an encoded NUL', 'app://mca-desk/index.html%00.png', 400],
    ['a Windows drive', 'app://mca-desk/C:%5cWindows%5cwin.ini', 403],
    ['an NTFS stream', 'app://mca-desk/index.html::$DATA', 403],
    ['double encoding, decoded once only', 'app://mca-desk/%252e%252e%252fsecret.txt', 404],
    ['bad percent-encoding', 'app://mca-desk/%E0%A4%A', 400],
    ['another host', 'app://elsewhere/index.html', 404],
    ['a port', 'app://mca-desk:8080/index.html', 404],
    ['credentials', 'app://user:pw@mca-desk/index.html', 404],
    ['a folder', 'app://mca-desk/assets', 404],
    ['a folder with a slash', 'app://mca-desk/assets/', 404],
    ['a file that is not there', 'app://mca-desk/missing.js', 404],
  ])('refuses %s', async (_why, url, status) => {
    const { root } = renderer();
    const response = await get(url, root);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('the secret');
  });

  it('answers GET and HEAD only', async () => {
    const { root } = renderer();
    expect((await get(APP_ENTRY_URL, root, 'POST')).status).toBe(405);
    expect((await get(APP_ENTRY_URL, root, 'PUT')).status).toBe(405);
  });
});

describe('the renderer file of a URL path', () => {
  it('is a plain name under the folder, on POSIX and on Windows', () => {
    expect(rendererFileFor('/assets/index-abc.js', '/opt/mca/renderer', path.posix)).toEqual({ ok: true, path: '/opt/mca/renderer/assets/index-abc.js' });
    expect(rendererFileFor('/', '/opt/mca/renderer', path.posix)).toEqual({ ok: true, path: '/opt/mca/renderer/index.html' });
    expect(rendererFileFor('/assets/a%20b.js', 'C:\\MCA Desk\\renderer', path.win32)).toEqual({ ok: true, path: 'C:\\MCA Desk\\renderer\\assets\\a b.js' });
  });

  it.each([
    '/..%5c..%5cwin.ini',
    '/assets%5c..%5c..%5cwin.ini',
    '/C:%5cWindows%5cwin.ini',
    '/%5c%5cserver%5cshare%5cfile',
    '/index.html:stream',
    '/..',
    '/.',
    '/a/%2e%2e/b',
  ])('refuses %s on Windows', (pathname) => {
    expect(rendererFileFor(pathname, 'C:\\MCA Desk\\renderer', path.win32)).toMatchObject({ ok: false, status: 403 });
  });

  it('never decodes twice, nor accepts an empty segment', () => {
    expect(rendererFileFor('/%252e%252e', '/r', path.posix)).toEqual({ ok: true, path: '/r/%2e%2e' });
    expect(rendererFileFor('/assets//index.js', '/r', path.posix)).toMatchObject({ ok: false, status: 404 });
  });

  it('has a content type for what the build writes, and opaque bytes otherwise', () => {
    expect(contentTypeOf('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/r/assets/font.WOFF2')).toBe('font/woff2');
    expect(contentTypeOf('/r/assets/thing.exe')).toBe('application/octet-stream');
  });
});
