import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/*
 * The installers' configuration (electron-builder.yml), read with electron-builder's own loader and
 * checked against its own schema: the Electron fuses, the native module unpacked from the asar,
 * and the targets. test/integration/shell/packaging.test.ts packs the app with it for real.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
// The glob matcher electron-builder matches asarUnpack patterns with, and its options.
const { minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as {
  minimatch: (file: string, pattern: string, options: { dot: boolean }) => boolean;
};

const config: Configuration = await getConfig(root, null, null);

/** Every Node addon better-sqlite3 brings, relative to the app folder as the asar sees it. */
function nativeBinaries(): string[] {
  const packageDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  return fs
    .readdirSync(packageDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.node'))
    .map((file) => path.posix.join('node_modules/better-sqlite3', file.split(path.sep).join('/')));
}

const asArray = (value: string | string[] | null | undefined) => (value == null ? [] : Array.isArray(value) ? value : [value]);

/** The glob patterns of a `files` option, as electron-builder's loader leaves it (strings or file sets). */
function filePatterns(files: Configuration['files']): string[] {
  const entries = files == null ? [] : Array.isArray(files) ? files : [files];
  return entries.flatMap((entry) => (typeof entry === 'string' ? [entry] : asArray(entry.filter)));
}

describe('the installers configuration', () => {
  it("passes electron-builder's own validation (a misspelt fuse or option fails here)", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets every fuse of the Electron checklist', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The asar these fuses guard must exist, and carry its integrity hash.
    expect(config.asar).not.toBe(false);
    expect(config.disableAsarIntegrity ?? false).toBe(false);
  });

  it("unpacks every better-sqlite3 binary from the asar, and does not rebuild them", () => {
    const binaries = nativeBinaries();
    expect(binaries).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/prebuilds/win32-x64.node', 'node_modules/better-sqlite3/prebuilds/darwin-arm64.node', 'node_modules/better-sqlite3/prebuilds/darwin-x64.node', 'node_modules/better-sqlite3/prebuilds/linux-x64.node']));
    const patterns = asArray(config.asarUnpack);
    for (const binary of binaries) expect(patterns.some((pattern) => minimatch(binary, pattern, { dot: true })), binary).toBe(true);
    // Node-API prebuilds run in Electron as they are; a rebuild would need Electron's headers.
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the built app (package.json main) and builds NSIS, dmg, AppImage and deb', () => {
    const main = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string }).main;
    const files = filePatterns(config.files).filter((pattern) => !pattern.startsWith('!'));
    expect(files.some((pattern) => minimatch(main, pattern, { dot: true }))).toBe(true);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.target).toBe('dmg');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('downloads nothing at npm install: no install scripts of our own', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook], hook).toBeUndefined();
    expect(scripts['dist']).toBe('electron-vite build && electron-builder');
  });
});
