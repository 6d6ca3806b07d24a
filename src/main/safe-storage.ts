/**
 * The Electron shell's token store: the MSAL cache encrypted with safeStorage (its async API),
 * one file per profile under <userData>/tokens, 0600 in a 0700 folder as all the data folder is.
 * Only where the OS really protects it (decidePersistence); otherwise tokens stay in memory and the session reports
 * tokensPersisted: false, so the operator is told they will sign in each session.
 */
import { safeStorage } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decidePersistence, MemorySecretStore, type SecretStore } from './core/auth/secret-store';
import { ensurePrivateDir, writePrivateFile } from './core/store/private-files';

class EncryptedFileStore implements SecretStore {
  readonly protection = 'os' as const;
  /** The decrypted cache, read from disk once (undefined: not read yet). */
  private plain: Buffer | null | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  read(): Promise<Buffer | null> {
    return this.serial(async () => {
      if (this.plain === undefined) {
        let encrypted: Buffer | null = null;
        try {
          encrypted = await fs.readFile(this.file);
        } catch {
          encrypted = null;
        }
        if (!encrypted) this.plain = null;
        else {
          const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
          this.plain = Buffer.from(result, 'utf8');
          if (shouldReEncrypt) await this.save(this.plain);
        }
      }
      return this.plain ? Buffer.from(this.plain) : null;
    });
  }

  write(data: Buffer): Promise<void> {
    return this.serial(async () => {
      this.plain = Buffer.from(data);
      await this.save(this.plain);
    });
  }

  clear(): Promise<void> {
    return this.serial(async () => {
      this.plain?.fill(0);
      this.plain = null;
      await fs.rm(this.file, { force: true });
    });
  }

  private async save(data: Buffer): Promise<void> {
    const encrypted = await safeStorage.encryptStringAsync(data.toString('utf8'));
    ensurePrivateDir(path.dirname(this.file));
    writePrivateFile(this.file, encrypted);
  }
}

/** The store for one profile; called after the app is ready (safeStorage needs it). */
export async function safeStorageSecretStore(folder: string, profileId: string): Promise<SecretStore> {
  const file = path.join(folder, `${profileId.replace(/[^\w.-]/g, '_')}.msal.bin`);
  const decision = decidePersistence({
    platform: process.platform,
    encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable().catch(() => false),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  });
  if (decision.persist) return new EncryptedFileStore(file);
  // No real protection: nothing on disk, and a cache left from a better-protected day goes too.
  await fs.rm(file, { force: true }).catch(() => undefined);
  console.warn(`[main] tokens kept in memory only (${decision.reason}): the operator signs in each session.`);
  return new MemorySecretStore('none');
}
