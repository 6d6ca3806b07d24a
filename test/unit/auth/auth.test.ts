import { translate } from '../../../src/shared/i18n';
import { describe, expect, it } from 'vitest';
import { authorityFor, AuthorityError, tenantOf } from '../../../src/main/core/auth/authority';
import { decodeJwtClaims, displayNameFromClaims, hasMfa, roleFromClaims } from '../../../src/main/core/auth/claims';
import { decidePersistence, MemorySecretStore, secretStoreCachePlugin } from '../../../src/main/core/auth/secret-store';

const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('token cache protection decision', () => {
  it('persists only under real OS protection', () => {
    expect(decidePersistence({ platform: 'win32', encryptionAvailable: true })).toEqual({ persist: true });
    expect(decidePersistence({ platform: 'darwin', encryptionAvailable: true })).toEqual({ persist: true });
    expect(decidePersistence({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toEqual({ persist: true });
    expect(decidePersistence({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'kwallet6' })).toEqual({ persist: true });
  });
  it("keeps tokens in memory on Linux's basic_text backend, an unknown backend, or without encryption", () => {
    expect(decidePersistence({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' })).toEqual({ persist: false, reason: 'no-keyring' });
    expect(decidePersistence({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' })).toEqual({ persist: false, reason: 'backend-unknown' });
    expect(decidePersistence({ platform: 'linux', encryptionAvailable: true })).toEqual({ persist: false, reason: 'backend-unknown' });
    expect(decidePersistence({ platform: 'win32', encryptionAvailable: false })).toEqual({ persist: false, reason: 'encryption-unavailable' });
    expect(decidePersistence({ platform: 'linux', encryptionAvailable: false, linuxBackend: 'gnome_libsecret' })).toEqual({ persist: false, reason: 'encryption-unavailable' });
  });
});

describe('MFA and role claims', () => {
  it('requires mfa among the amr values', () => {
    expect(hasMfa({ amr: ['pwd', 'mfa'] })).toBe(true);
    expect(hasMfa({ amr: ['rsa', 'MFA'] })).toBe(true);
    expect(hasMfa({ amr: ['pwd'] })).toBe(false);
    expect(hasMfa({ amr: 'mfa' })).toBe(true);
    expect(hasMfa({})).toBe(false);
    expect(hasMfa(null)).toBe(false);
  });
  it('reads claims from a JWT and refuses what is not one', () => {
    expect(decodeJwtClaims(jwt({ amr: ['mfa'], name: 'Ana' }))).toEqual({ amr: ['mfa'], name: 'Ana' });
    expect(decodeJwtClaims('opaque-token')).toBeNull();
    expect(decodeJwtClaims('a.!!!.c')).toBeNull();
  });
  it('takes the strongest Partner Center role from roles or directory roles (wids)', () => {
    expect(roleFromClaims({ roles: ['HelpdeskAgent', 'SalesAgent'] })).toBe('SalesAgent');
    expect(roleFromClaims({ roles: ['Reader'] })).toBeNull();
    expect(roleFromClaims({ wids: ['62e90394-69f5-4237-9190-012177145e10'] })).toBe('GlobalAdmin');
    expect(roleFromClaims({})).toBeNull();
    expect(displayNameFromClaims({ preferred_username: 'ana@contoso.com' }, 'x')).toBe('ana@contoso.com');
    expect(displayNameFromClaims(null, 'fallback')).toBe('fallback');
  });
});

describe('authority per cloud', () => {
  it('uses the cloud’s Entra ID host and the profile’s tenant, else organizations', () => {
    expect(authorityFor({ cloud: 'public', partnerTenant: 'Contoso.onmicrosoft.com' })).toMatchObject({
      authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com',
      knownAuthorities: [],
      scopes: ['https://api.partnercenter.microsoft.com/user_impersonation'],
    });
    expect(authorityFor({ cloud: 'usgov', partnerTenant: null }).authority).toBe('https://login.microsoftonline.us/organizations');
    expect(authorityFor({ cloud: 'china', partnerTenant: '9f2c1a4e-0000-4000-8000-000000000001' }).authority).toBe('https://login.chinacloudapi.cn/9f2c1a4e-0000-4000-8000-000000000001');
    expect(tenantOf({ partnerTenant: '  ' })).toBe('organizations');
  });
  it('says Microsoft Cloud Germany is retired', () => {
    expect(() => authorityFor({ cloud: 'germany', partnerTenant: 'x.de' })).toThrow(AuthorityError);
    expect(() => authorityFor({ cloud: 'germany', partnerTenant: 'x.de' })).toThrow('error.auth.germanyRetired');
    expect(translate('en-US', 'error.auth.germanyRetired')).toMatch(/retired/);
  });
  it('points at the emulator’s identity provider with its host trusted and its instance metadata given', () => {
    const a = authorityFor({ cloud: 'public', partnerTenant: null }, 'https://127.0.0.1:4443/');
    expect(a).toMatchObject({ authority: 'https://127.0.0.1:4443/organizations', knownAuthorities: ['127.0.0.1:4443'] });
    expect(JSON.parse(a.cloudDiscoveryMetadata!)).toMatchObject({ metadata: [{ preferred_cache: '127.0.0.1:4443', aliases: ['127.0.0.1:4443'] }] });
  });
});

describe('cache plugin over a SecretStore', () => {
  it('loads the store before each access and writes only changes', async () => {
    const store = new MemorySecretStore();
    await store.write(Buffer.from('{"a":1}'));
    const plugin = secretStoreCachePlugin(store);
    const loaded: string[] = [];
    const context = (changed: boolean) => ({ cacheHasChanged: changed, tokenCache: { deserialize: (s: string) => loaded.push(s), serialize: () => '{"b":2}' } }) as never;
    await plugin.beforeCacheAccess(context(false));
    await plugin.beforeCacheAccess(context(false));
    expect(loaded).toEqual(['{"a":1}', '{"a":1}']);
    await plugin.afterCacheAccess(context(false));
    expect((await store.read())!.toString()).toBe('{"a":1}');
    await plugin.afterCacheAccess(context(true));
    expect((await store.read())!.toString()).toBe('{"b":2}');
    await store.clear();
    expect(await store.read()).toBeNull();
  });
});
