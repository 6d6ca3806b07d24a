import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/*
 * The data folder holds customers' personal data (names, e-mail addresses, agreements) and the
 * operator's tokens: only the user running MCA Desk may read it. Folders are 0700 and files 0600,
 * whatever the umask (a mode given to mkdir or open is masked by it, so it is set again with
 * chmod). Everything that creates a folder or writes a file in the data folder goes through here.
 *
 * Windows has no POSIX modes (chmod there only toggles the read-only flag): the data folder lives
 * in the user's profile folder, whose NTFS ACLs already keep other users out, so nothing is done.
 */
const POSIX_MODES = process.platform !== 'win32';
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` and its missing parents, each 0700, and makes `dir` itself 0700 if it existed.
 * Parents that existed are left alone: they are the user's (the home folder, /tmp), not ours.
 */
export function ensurePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) missing.unshift(at);
  if (missing.length === 0) {
    if (POSIX_MODES) fs.chmodSync(dir, PRIVATE_DIR_MODE);
    return;
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      // Another process (a second CLI run) made it in between: ours to restrict all the same.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (POSIX_MODES) fs.chmodSync(folder, PRIVATE_DIR_MODE);
  }
}

/** Creates `file` empty and 0600 if it does not exist, and makes it 0600 if it does (before anything is written in it). */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (POSIX_MODES) fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Writes `data` to `file` whole or not at all, 0600: a temporary file beside it (created 0600,
 * synced), then renamed over it, so a crash never leaves half a file and no reader ever sees the
 * data under a wider mode. The folder must exist (ensurePrivateDir for one of the data folder's;
 * an export's folder is the operator's and keeps its mode).
 */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temporary, 'wx', PRIVATE_FILE_MODE);
    try {
      if (POSIX_MODES) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Takes group and other access away from `target` and, for a folder, everything under it: how a data
 * folder written by an earlier version (folders 0755, files 0644) is corrected when the app, the
 * browser host or the CLI opens it. The owner's bits are kept (0644 → 0600, 0755 → 0700), so
 * files Chromium keeps in the Electron data folder stay usable; symbolic links (Chromium's
 * single-instance lock) and sockets are not followed or changed. A file that cannot be changed
 * (another user's, left by a run as root) is reported, not fatal: the app still opens.
 */
export function makePrivate(target: string, warn: (message: string) => void = console.warn): void {
  if (!POSIX_MODES || !fs.existsSync(target)) return;
  const failed: string[] = [];
  const visit = (at: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(at);
    } catch {
      return; // gone meanwhile (a temporary file)
    }
    if (!stat.isDirectory() && !stat.isFile()) return;
    if ((stat.mode & 0o077) !== 0) {
      try {
        fs.chmodSync(at, stat.mode & 0o700);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') failed.push(at);
      }
    }
    if (!stat.isDirectory()) return;
    let names: string[] = [];
    try {
      names = fs.readdirSync(at);
    } catch {
      failed.push(at);
    }
    for (const name of names) visit(path.join(at, name));
  };
  visit(target);
  if (failed.length > 0) warn(`[data] ${failed.length} item(s) in ${target} could not be made private (readable by other users): ${failed.slice(0, 5).join(', ')}`);
}
