import { describe, expect, it, vi } from 'vitest';
import {
  BUILT_APP,
  CONTENT_SECURITY_POLICY,
  appEntry,
  contentSecurityPolicy,
  decideNavigation,
  externalLinkToOpen,
  isAppUrl,
  isPermissionAllowed,
  senderProblem,
  signInPageOpener,
  signInPageToOpen,
  withContentSecurityPolicy,
} from '../../../src/main/policy';

const built = BUILT_APP;
const builtUrl = 'app://mca-desk/index.html';
const dev = appEntry({ isPackaged: false, rendererUrl: 'http://localhost:5173/' }).location;

describe('what the window loads', () => {
  it('is app://mca-desk/index.html in the built app', () => {
    expect(appEntry({ isPackaged: false, rendererUrl: undefined })).toEqual({ location: BUILT_APP, url: builtUrl });
    expect(appEntry({ isPackaged: false, rendererUrl: '' })).toEqual({ location: BUILT_APP, url: builtUrl });
  });

  it('is the dev server under electron-vite dev, an unpackaged app only', () => {
    expect(appEntry({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })).toEqual({
      location: { kind: 'dev-server', origin: 'http://localhost:5173' },
      url: 'http://localhost:5173/',
    });
  });

  it('never is the dev server in a packaged app, whatever ELECTRON_RENDERER_URL says', () => {
    expect(appEntry({ isPackaged: true, rendererUrl: 'http://localhost:5173/' })).toEqual({ location: BUILT_APP, url: builtUrl });
    expect(appEntry({ isPackaged: true, rendererUrl: 'https://evil.example/' })).toEqual({ location: BUILT_APP, url: builtUrl });
  });

  it('refuses a dev server URL that is not http(s)', () => {
    expect(() => appEntry({ isPackaged: false, rendererUrl: 'file:///tmp/index.html' })).toThrow(/http/);
  });
});

describe('the app page', () => {
  it('is any page of app://mca-desk, whatever its query or fragment', () => {
    expect(isAppUrl(builtUrl, built)).toBe(true);
    expect(isAppUrl(`${builtUrl}#/customers/42`, built)).toBe(true);
    expect(isAppUrl(`${builtUrl}?x=1`, built)).toBe(true);
    expect(isAppUrl('app://mca-desk/', built)).toBe(true);
    expect(isAppUrl('APP://MCA-DESK/index.html', built)).toBe(true);
  });

  it('is not another app:// host, a file on disk, nor a web page', () => {
    expect(isAppUrl('app://other/index.html', built)).toBe(false);
    expect(isAppUrl('app://mca-desk.evil/index.html', built)).toBe(false);
    expect(isAppUrl('app://mca-desk:8080/index.html', built)).toBe(false);
    expect(isAppUrl('app://user@mca-desk/index.html', built)).toBe(false);
    expect(isAppUrl('file:///opt/MCA%20Desk/out/renderer/index.html', built)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false);
    expect(isAppUrl('https://example.com/', built)).toBe(false);
    expect(isAppUrl('https://mca-desk/index.html', built)).toBe(false);
    expect(isAppUrl('about:blank', built)).toBe(false);
    expect(isAppUrl('not a url', built)).toBe(false);
  });

  it('is the dev server origin under electron-vite dev, and only that origin', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl(builtUrl, dev)).toBe(false);
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

describe('sign-in pages', () => {
  const publicCloud = 'https://login.microsoftonline.com/contoso.onmicrosoft.com';
  const emulatorIdp = 'https://127.0.0.1:4443/contoso.onmicrosoft.com';
  const authorize = 'https://login.microsoftonline.com/0f6c1d2e-1111-4222-8333-444444444444/oauth2/v2.0/authorize?client_id=a&code_challenge=b';

  it("open on the profile's authority host, whatever the tenant in the path", () => {
    expect(signInPageToOpen(authorize, publicCloud)).toBe(authorize);
    expect(signInPageToOpen('https://login.microsoftonline.us/organizations/oauth2/v2.0/authorize?x=1', 'https://login.microsoftonline.us/organizations')).toBe(
      'https://login.microsoftonline.us/organizations/oauth2/v2.0/authorize?x=1',
    );
    expect(signInPageToOpen('https://127.0.0.1:4443/contoso.onmicrosoft.com/oauth2/v2.0/authorize?a=b', emulatorIdp)).toBe(
      'https://127.0.0.1:4443/contoso.onmicrosoft.com/oauth2/v2.0/authorize?a=b',
    );
  });

  it.each([
    ['another cloud than the profile\'s', 'https://login.microsoftonline.us/x/oauth2/v2.0/authorize', publicCloud],
    ['a look-alike host', 'https://login.microsoftonline.com.evil.example/x', publicCloud],
    ['a subdomain', 'https://evil.login.microsoftonline.com/x', publicCloud],
    ['a trailing-dot host', 'https://login.microsoftonline.com./x', publicCloud],
    ['plain http', 'http://login.microsoftonline.com/x', publicCloud],
    ['another port', 'https://login.microsoftonline.com:8443/x', publicCloud],
    ['credentials in the URL', 'https://user:pw@login.microsoftonline.com/x', publicCloud],
    ['an allow-listed link host', 'https://aka.ms/x', publicCloud],
    ['a mailto', 'mailto:a@b.example', publicCloud],
    ['garbage', '::::', publicCloud],
    ['another loopback port than the emulator\'s', 'https://127.0.0.1:4444/contoso.onmicrosoft.com/oauth2/v2.0/authorize', emulatorIdp],
    ['loopback over http', 'http://127.0.0.1:4443/contoso.onmicrosoft.com/oauth2/v2.0/authorize', emulatorIdp],
    ['an authority that is not https', 'http://127.0.0.1:4443/x', 'http://127.0.0.1:4443/contoso'],
    ['an unparseable authority', authorize, 'not a url'],
  ])('stay closed for %s', (_why, url, authority) => {
    expect(signInPageToOpen(url, authority)).toBeNull();
  });

  it('reach shell.openExternal only when allowed; a refused page is an error, named by its authority only', async () => {
    const open = vi.fn(() => Promise.resolve());
    const refused = vi.fn();
    const opener = signInPageOpener(open, refused);
    await opener(authorize, { authority: publicCloud });
    expect(open).toHaveBeenCalledWith(authorize);
    await expect(opener('https://evil.example/oauth2/v2.0/authorize', { authority: publicCloud })).rejects.toThrow(
      "not on the profile's authority (https://login.microsoftonline.com)",
    );
    expect(refused).toHaveBeenCalledWith('https://evil.example/oauth2/v2.0/authorize');
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('navigation', () => {
  it('stays within app://mca-desk', () => {
    expect(decideNavigation(`${builtUrl}#/queue`, built)).toEqual({ action: 'allow' });
    expect(decideNavigation('app://mca-desk/index.html?profile=2', built)).toEqual({ action: 'allow' });
    expect(decideNavigation('app://elsewhere/index.html', built)).toEqual({ action: 'block', openExternal: null });
    expect(decideNavigation('file:///etc/passwd', built)).toEqual({ action: 'block', openExternal: null });
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
