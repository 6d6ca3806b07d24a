import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  appLocation,
  contentSecurityPolicy,
  decideNavigation,
  externalLinkToOpen,
  isAppUrl,
  isPermissionAllowed,
  senderProblem,
  withContentSecurityPolicy,
} from '../../../src/main/policy';

const indexHtml = '/opt/MCA Desk/out/renderer/index.html';
const built = appLocation(undefined, indexHtml);
const builtUrl = pathToFileURL(indexHtml).href;
const dev = appLocation('http://localhost:5173/', indexHtml);

describe('the app page', () => {
  it('is exactly the built index.html, whatever its query or fragment', () => {
    expect(isAppUrl(builtUrl, built)).toBe(true);
    expect(isAppUrl(`${builtUrl}#/customers/42`, built)).toBe(true);
    expect(isAppUrl(`${builtUrl}?x=1`, built)).toBe(true);
  });

  it('is not another file on disk, nor a web page', () => {
    expect(isAppUrl(pathToFileURL('/opt/MCA Desk/out/renderer/other.html').href, built)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false);
    expect(isAppUrl('https://example.com/', built)).toBe(false);
    expect(isAppUrl('about:blank', built)).toBe(false);
    expect(isAppUrl('not a url', built)).toBe(false);
  });

  it('is the dev server origin under electron-vite dev, and only that origin', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl(builtUrl, dev)).toBe(false);
  });

  it('refuses a dev server URL that is not http(s)', () => {
    expect(() => appLocation('file:///tmp/index.html', indexHtml)).toThrow(/http/);
  });
});

describe('external links', () => {
  it.each([
    'https://learn.microsoft.com/en-us/partner-center/customers/confirm-customer-agreement',
    'https://aka.ms/customeragreement',
    'https://admin.microsoft.com/',
    'https://partner.microsoft.com/dashboard',
    'https://cdn.partner.microsoft.com/mca/?attestationid=0f6c1d2e-1111-4222-8333-444444444444',
    'http://127.0.0.1:4100/mca/?attestationid=0f6c1d2e-1111-4222-8333-444444444444',
    'mailto:ana@contoso.example?subject=Microsoft%20Customer%20Agreement&body=Please%20accept',
  ])('open %s in the system browser', (url) => {
    expect(externalLinkToOpen(url)).toBe(url);
  });

  it.each([
    ['plain http', 'http://learn.microsoft.com/'],
    ['an unlisted host', 'https://example.com/'],
    ['a look-alike host', 'https://learn.microsoft.com.example.com/'],
    ['a subdomain of a listed host', 'https://evil.aka.ms/'],
    ['credentials in the URL', 'https://user:pw@aka.ms/'],
    ['a non-default port', 'https://aka.ms:8443/'],
    ['a trailing-dot host', 'https://aka.ms./x'],
    ['another scheme', 'file:///C:/Windows/System32/calc.exe'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['garbage', '::::'],
    ['another page on loopback', 'http://127.0.0.1:4100/_emulator/reset'],
    ['the sandbox page with more in its query', 'http://127.0.0.1:4100/mca/?attestationid=a&next=https://evil.example'],
    ['the sandbox page on another host', 'http://10.0.0.1:4100/mca/?attestationid=a'],
    ['a mailto with an attachment', 'mailto:a@b.example?attach=C:/secrets.txt'],
    ['a mailto with a copy to someone else', 'mailto:a@b.example?bcc=c@d.example'],
  ])('stay closed for %s', (_why, url) => {
    expect(externalLinkToOpen(url)).toBeNull();
  });

  it('is normalised before it is opened', () => {
    expect(externalLinkToOpen('HTTPS://AKA.MS/x y')).toBe('https://aka.ms/x%20y');
  });
});

describe('navigation', () => {
  it('stays on the app page', () => {
    expect(decideNavigation(`${builtUrl}#/queue`, built)).toEqual({ action: 'allow' });
  });

  it('is blocked elsewhere, an allow-listed link opening in the system browser instead', () => {
    expect(decideNavigation('https://example.com/', built)).toEqual({ action: 'block', openExternal: null });
    expect(decideNavigation('https://aka.ms/mca', built)).toEqual({ action: 'block', openExternal: 'https://aka.ms/mca' });
  });
});

describe('Content-Security-Policy', () => {
  it('is the strict policy for the built app', () => {
    expect(contentSecurityPolicy(built)).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('loosens only for the dev server: its inline preamble and websocket', () => {
    const policy = contentSecurityPolicy(dev);
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('replaces whatever policy a response carried, keeping other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      CONTENT_SECURITY_POLICY,
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])(
    'deny %s, even to the app page',
    (permission) => {
      expect(isPermissionAllowed(permission, builtUrl, built)).toBe(false);
    },
  );

  it('let only the app page write plain text to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', builtUrl, built)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/', built)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, built)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const ok = { fromAppWindow: true, isTopFrame: true, url: builtUrl };

  it('accepts the top frame of our window on our page', () => {
    expect(senderProblem(ok, built)).toBeNull();
  });

  it.each([
    ['another webContents', { ...ok, fromAppWindow: false }, /window/],
    ['an iframe', { ...ok, isTopFrame: false }, /frame/],
    ['a foreign page', { ...ok, url: 'https://example.com/' }, /not MCA Desk/],
    ['a destroyed frame', { ...ok, url: null }, /not MCA Desk/],
  ])('refuses %s', (_why, sender, message) => {
    expect(senderProblem(sender, built)).toMatch(message);
  });
});
