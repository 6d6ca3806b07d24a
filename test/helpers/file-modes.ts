import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Every folder and file under `dir` (and `dir` itself as '.'), with its permission bits in octal ('700', '600'). */
export function modesUnder(dir: string): Record<string, string> {
  const modes: Record<string, string> = {};
  const visit = (at: string) => {
    const stat = fs.lstatSync(at);
    if (stat.isSymbolicLink()) return;
    modes[path.relative(dir, at) || '.'] = (stat.mode & 0o777).toString(8);
    if (stat.isDirectory()) for (const name of fs.readdirSync(at)) visit(path.join(at, name));
  };
  visit(dir);
  return modes;
}

/** What under `dir` is not private (folders 0700, files 0600), with its mode: {} when all is. */
export function notPrivate(dir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(modesUnder(dir)).filter(([relative, mode]) => mode !== (fs.statSync(path.join(dir, relative)).isDirectory() ? '700' : '600')),
  );
}

/** What an earlier version left: every folder 0755, every file 0644. */
export function makeReadableByAll(dir: string): void {
  for (const relative of Object.keys(modesUnder(dir))) {
    const at = path.join(dir, relative);
    fs.chmodSync(at, fs.statSync(at).isDirectory() ? 0o755 : 0o644);
  }
}

/**
 * The usual umask (022) for the test file, whatever the machine's: under it, files and folders
 * created without an explicit mode come out readable by all (0644, 0755), as for most users.
 */
export function usualUmask(): void {
  let previous = 0;
  beforeAll(() => {
    previous = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previous);
  });
}
