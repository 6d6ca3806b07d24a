import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { electronInstallerPath } from '../../../scripts/electron-binary.mjs';
import { decideStart, firstLine, runInstaller } from '../../../scripts/start-decision.mjs';

/*
 * What `npm start` starts. Nothing here downloads anything: the decision runs on injected
 * functions, and the installer runner on small Node scripts that stand in for Electron's.
 */

const missing = 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)';

describe('npm start decides', () => {
  it('the desktop app when the binary is there, without running the installer', async () => {
    const install = vi.fn(async () => ({ ok: true as const }));
    const decision = await decideStart({ findBinary: () => '/e/electron', whyMissing: () => missing, install });
    expect(decision).toEqual({ kind: 'desktop', binary: '/e/electron', installed: false });
    expect(install).not.toHaveBeenCalled();
  });

  it("the desktop app after Electron's installer put the missing binary there", async () => {
    let installed = false;
    const onInstalling = vi.fn();
    const decision = await decideStart({
      findBinary: () => (installed ? '/e/electron' : null),
      whyMissing: () => missing,
      install: async () => {
        installed = true;
        return { ok: true };
      },
      onInstalling,
    });
    expect(decision).toEqual({ kind: 'desktop', binary: '/e/electron', installed: true });
    expect(onInstalling).toHaveBeenCalledTimes(1);
  });

  it("the browser host when the installer fails, naming the installer's reason", async () => {
    const decision = await decideStart({
      findBinary: () => null,
      whyMissing: () => missing,
      install: async () => ({ ok: false, reason: 'TypeError: fetch failed' }),
    });
    expect(decision).toEqual({
      kind: 'browser',
      reason: "the Electron binary is missing and Electron's installer failed (TypeError: fetch failed); npm start tries again next time",
    });
  });

  it('the browser host when the installer says it worked but the binary is still missing', async () => {
    const decision = await decideStart({ findBinary: () => null, whyMissing: () => missing, install: async () => ({ ok: true }) });
    expect(decision).toEqual({ kind: 'browser', reason: `Electron's installer finished, but ${missing}` });
  });

  it('the browser host without running the installer when it is not to be run, saying why', async () => {
    const onInstalling = vi.fn();
    const decision = await decideStart({
      findBinary: () => null,
      whyMissing: () => missing,
      install: null,
      skipReason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set',
      onInstalling,
    });
    expect(decision).toEqual({ kind: 'browser', reason: `${missing} (ELECTRON_SKIP_BINARY_DOWNLOAD is set)` });
    expect(onInstalling).not.toHaveBeenCalled();
  });
});

describe("running Electron's installer", () => {
  const node = process.execPath;

  it("is Electron's own install-electron script, found without running it", () => {
    const script = electronInstallerPath();
    expect(script).not.toBeNull();
    expect(path.basename(script!)).toBe('install.js');
    expect(fs.readFileSync(script!, 'utf8')).toContain('downloadArtifact');
  });

  it('succeeds when the installer exits 0', async () => {
    expect(await runInstaller({ command: node, args: ['-e', 'console.log("installed")'] })).toEqual({ ok: true });
  });

  it('fails with the first line the installer printed, not its stack trace', async () => {
    const script = 'console.error("TypeError: fetch failed\\n    at node:internal/deps/undici:1:1"); process.exit(1)';
    expect(await runInstaller({ command: node, args: ['-e', script] })).toEqual({ ok: false, reason: 'TypeError: fetch failed' });
    expect(await runInstaller({ command: node, args: ['-e', 'process.exit(3)'] })).toEqual({ ok: false, reason: 'it exited with code 3' });
  });

  it('gives up on an installer that never ends, and stops it', async () => {
    let child: ChildProcess | undefined;
    const spawnImpl = ((...spawnArgs: Parameters<typeof spawn>) => (child = spawn(...spawnArgs))) as typeof spawn;
    const outcome = await runInstaller({ command: node, args: ['-e', 'setInterval(() => {}, 1000)'], timeoutMs: 300, spawnImpl });
    expect(outcome).toEqual({ ok: false, reason: 'it did not finish within 300 ms' });
    const exited = child!.exitCode !== null || child!.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child!.once('exit', resolve));
    await exited;
    expect(child!.signalCode).toBe('SIGTERM');
  });

  it('fails, saying so, when the installer cannot be started', async () => {
    const outcome = await runInstaller({ command: path.join(path.dirname(node), 'no-such-program'), args: [] });
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/^it could not be started \(.*ENOENT/) });
  });

  it('keeps a reason to one short line', () => {
    expect(firstLine('\n\n  Error: one\ntwo')).toBe('Error: one');
    expect(firstLine('x'.repeat(300))).toHaveLength(200);
  });
});
