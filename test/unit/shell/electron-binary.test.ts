import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinaryPath, whyNoElectron } from '../../../scripts/electron-binary.mjs';

const saved = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
afterEach(() => {
  if (saved === undefined) delete process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  else process.env['ELECTRON_OVERRIDE_DIST_PATH'] = saved;
});

describe('finding the Electron binary without downloading it', () => {
  it('answers a path or null, and always a one-line reason', () => {
    delete process.env['ELECTRON_OVERRIDE_DIST_PATH'];
    const path = electronBinaryPath();
    expect(path === null || path.length > 0).toBe(true);
    expect(whyNoElectron()).toMatch(/^[^\n]+$/);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, as the electron package does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mca-electron-'));
    try {
      process.env['ELECTRON_OVERRIDE_DIST_PATH'] = dir;
      expect(electronBinaryPath()).toBeNull();
      expect(whyNoElectron()).toContain('does not exist');
      // The executable's name inside the dist folder is what path.txt says ("electron" without it).
      const pathTxt = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'path.txt');
      const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : 'electron';
      const expected = join(dir, relative);
      mkdirSync(dirname(expected), { recursive: true });
      writeFileSync(expected, '');
      expect(electronBinaryPath()).toBe(expected);
      expect(whyNoElectron()).toBe(`Electron binary found at ${expected}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
