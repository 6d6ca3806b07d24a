import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrations as defaultMigrations, type Migration } from './migrations';
import { ensurePrivateFile, makePrivate } from './private-files';

/** Raised when the store cannot be opened as asked; `kind` tells the shell what to show. */
export class StoreError extends Error {
  constructor(
    readonly kind: 'newer-schema' | 'migration-failed' | 'locked',
    message: string,
    readonly details: Record<string, number | string> = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface OpenOptions {
  /** Only tests pass their own list, to prove rollback and version checks. */
  migrations?: readonly Migration[];
  readonly?: boolean;
}

/**
 * Opens (and creates) a profile database: WAL, synchronous=FULL so a confirmation is on disk
 * before we say "saved", foreign keys on, and a busy timeout so a second process waits rather
 * than failing at once. Pending migrations run in one transaction; a database written by a newer
 * version is refused instead of being half-understood.
 *
 * The file is created 0600 (in a 0700 folder) before SQLite opens it: SQLite creates the -wal and
 * -shm files with the database file's mode, so they come out private too (ones left by a crash of an
 * earlier version are corrected here).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (!options.readonly) {
    ensurePrivateFile(file);
    for (const companion of ['-wal', '-shm', '-journal']) makePrivate(`${file}${companion}`);
  }
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? defaultMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs `fn` in a transaction that takes the write lock first (BEGIN IMMEDIATE), and waits for it
 * up to the busy timeout. A deferred transaction that reads and then writes cannot wait: when
 * another process wrote in between, its snapshot is stale and SQLite answers "database is
 * locked" at once. So every transaction that writes goes through here.
 */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database, list: readonly Migration[]): void {
  const known = list.reduce((max, m) => Math.max(max, m.version), 0);
  const pendingAfter = (current: number) => {
    if (current > known) {
      throw new StoreError(
        'newer-schema',
        `This database was written by a newer MCA Desk (schema ${current}, this version knows up to ${known}).`,
        { found: current, known },
      );
    }
    return [...list].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  };
  const pending = pendingAfter(schemaVersion(db));
  if (pending.length === 0) return;
  // Rebuilding a table (SQLite's way to change a CHECK) needs foreign keys off, which only works
  // outside a transaction; the keys are checked again before the transaction commits.
  const rebuilds = pending.some((m) => m.rebuildsTables);
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  let target = pending.at(-1)?.version;
  const run = () => {
    // Read again under the write lock: another process opening the same new database at the
    // same moment may have migrated it while this one waited for the lock.
    const now = pendingAfter(schemaVersion(db));
    target = now.at(-1)?.version ?? target;
    for (const migration of now) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    if (rebuilds) {
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`${broken.length} rows would break foreign keys`);
    }
  };
  try {
    if (rebuilds) db.pragma('foreign_keys = OFF');
    // The write lock first, so two processes never migrate at once.
    writeTransaction(db, run);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const message = (error as Error).message;
    throw new StoreError('migration-failed', `Could not upgrade the database to schema ${target}: ${message}. Nothing was changed.`, { version: target ?? 0, message });
  } finally {
    if (rebuilds && foreignKeys) db.pragma('foreign_keys = ON');
  }
}
