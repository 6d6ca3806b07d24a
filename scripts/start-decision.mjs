// What `npm start` starts, as functions over injected ones (test/unit/shell/start-decision.test.ts
// runs them without downloading anything). scripts/start.mjs wires them to the real installer.
import { spawn } from 'node:child_process';

/**
 * How long Electron's installer may take: a download of about 100 MB on a slow line. Where there
 * is no network it fails at once (a refused connection), so this bound is only for a stalled one.
 */
export const INSTALL_TIMEOUT_MS = 5 * 60_000;

/**
 * The desktop app when Electron's binary is there; when it is missing, Electron's own installer
 * first (it downloads the binary, as `npx install-electron` does), then the desktop app if that
 * worked; otherwise the browser host, with the reason in one line. `install` is null when the
 * installer is not to be run, `skipReason` saying why.
 */
export async function decideStart({ findBinary, whyMissing, install, skipReason = null, onInstalling = () => {} }) {
  const present = findBinary();
  if (present) return { kind: 'desktop', binary: present, installed: false };
  if (!install) return { kind: 'browser', reason: skipReason ? `${whyMissing()} (${skipReason})` : whyMissing() };
  onInstalling();
  const outcome = await install();
  if (!outcome.ok) {
    return { kind: 'browser', reason: `the Electron binary is missing and Electron's installer failed (${outcome.reason}); npm start tries again next time` };
  }
  const installed = findBinary();
  if (installed) return { kind: 'desktop', binary: installed, installed: true };
  return { kind: 'browser', reason: `Electron's installer finished, but ${whyMissing()}` };
}

/** The first line of what a failed installer printed, short enough for one line of ours. */
export function firstLine(text) {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Runs an installer (`command args`) to its end, at most `timeoutMs`: `{ ok: true }` on exit code
 * 0, else `{ ok: false, reason }` naming what it printed, its exit code, or the time it was given.
 * Its output is kept, not shown: a failure is told in one line, not as a stack trace.
 */
export function runInstaller({ command, args, timeoutMs = INSTALL_TIMEOUT_MS, env = process.env, spawnImpl = spawn }) {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    let timer;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    let child;
    try {
      child = spawnImpl(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    } catch (error) {
      finish({ ok: false, reason: `it could not be started (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    timer = setTimeout(() => {
      child.kill('SIGTERM');
      finish({ ok: false, reason: `it did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` });
    }, timeoutMs);
    const keep = (chunk) => {
      if (output.length < 64_000) output += chunk.toString();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => finish({ ok: false, reason: `it could not be started (${error.message})` }));
    child.on('close', (code, signal) => {
      if (code === 0) return finish({ ok: true });
      const said = firstLine(output);
      finish({ ok: false, reason: said || (signal ? `it was stopped by ${signal}` : `it exited with code ${code}`) });
    });
  });
}
