import type { Database } from 'better-sqlite3';
import type { z } from 'zod';

/** Small named values of a profile (last user, settings, a refresh in progress), as JSON. */
export class Meta {
  constructor(private readonly db: Database) {}

  /** The value under `key` if it parses with `schema`; a value that does not is treated as absent. */
  get<T extends z.ZodType>(key: string, schema: T): z.infer<T> | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  set(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  }
}
