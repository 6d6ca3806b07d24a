/**
 * Where the MSAL token cache lives. The core sees only this interface: the Electron shell gives a
 * store protected by the OS (safeStorage, src/main/safe-storage.ts); the browser host, the CLI
 * and tests keep tokens in memory. Tokens never go to SQLite or a log.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

export interface SecretStore {
  /** 'os': encrypted by the operating system and kept across sessions; 'none': memory only. */
  readonly protection: 'os' | 'none';
  read(): Promise<Buffer | null>;
  write(data: Buffer): Promise<void>;
  clear(): Promise<void>;
}

/** Tokens for this session only. `protection` 'os' only to simulate a persisting store in tests. */
export class MemorySecretStore implements SecretStore {
  private data: Buffer | null = null;
  constructor(readonly protection: 'os' | 'none' = 'none') {}
  read(): Promise<Buffer | null> {
    return Promise.resolve(this.data ? Buffer.from(this.data) : null);
  }
  write(data: Buffer): Promise<void> {
    this.data = Buffer.from(data);
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.data?.fill(0);
    this.data = null;
    return Promise.resolve();
  }
}

export interface ProtectionFacts {
  platform: NodeJS.Platform;
  /** `safeStorage.isAsyncEncryptionAvailable()` */
  encryptionAvailable: boolean;
  /** Linux only: `safeStorage.getSelectedStorageBackend()`. */
  linuxBackend?: string | undefined;
}

export type PersistenceDecision =
  | { persist: true }
  | { persist: false; reason: 'encryption-unavailable' | 'no-keyring' | 'backend-unknown' };

/**
 * Whether the token cache may be written to disk. Only under real OS protection: macOS Keychain,
 * Windows DPAPI, a Linux keyring (libsecret, KWallet). Linux's `basic_text` backend encrypts
 * with a fixed key, which is no protection: tokens stay in memory and the operator signs in
 * each session. `unknown` (asked before the app was ready) is not trusted either.
 */
export function decidePersistence(facts: ProtectionFacts): PersistenceDecision {
  if (!facts.encryptionAvailable) return { persist: false, reason: 'encryption-unavailable' };
  if (facts.platform === 'linux') {
    const backend = facts.linuxBackend ?? 'unknown';
    if (backend === 'basic_text') return { persist: false, reason: 'no-keyring' };
    if (!/^(gnome_libsecret|kwallet\d*)$/.test(backend)) return { persist: false, reason: 'backend-unknown' };
  }
  return { persist: true };
}

/**
 * MSAL's cache over a SecretStore. MSAL treats the store as the truth: it clears its in-memory
 * cache before silent requests and expects `beforeCacheAccess` to load it again, so every access
 * reads the store (stores keep their decrypted copy in memory) and every change is written back.
 */
export function secretStoreCachePlugin(store: SecretStore): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      let data: Buffer | null = null;
      try {
        data = await store.read();
      } catch {
        // An unreadable cache (another OS user, a rotated key) is a signed-out one.
        await store.clear().catch(() => undefined);
      }
      if (data && data.length > 0) context.tokenCache.deserialize(data.toString('utf8'));
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (context.cacheHasChanged) await store.write(Buffer.from(context.tokenCache.serialize(), 'utf8'));
    },
  };
}
