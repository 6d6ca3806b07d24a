// Where the Electron binary is, found without `require('electron')`: resolving that package
// downloads the binary when it is missing (node_modules/electron/index.js), which must never
// happen from a script or a test. We read what its installer would have written instead.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function inspect() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative || 'electron');
    return existsSync(candidate)
      ? { path: candidate, reason: `Electron binary found at ${candidate}` }
      : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  if (!relative) {
    return {
      path: null,
      reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing; ' +
        'run "npx install-electron" where the network allows it)',
    };
  }
  const binary = join(packageDir, 'dist', relative);
  if (!existsSync(binary)) {
    return { path: null, reason: `the Electron binary is missing (${binary} does not exist)` };
  }
  return { path: binary, reason: `Electron binary found at ${binary}` };
}

/** Absolute path of the Electron executable, or null when it is not installed. */
export function electronBinaryPath() {
  return inspect().path;
}

/** One line saying why Electron cannot start here (or where its binary is, when it can). */
export function whyNoElectron() {
  return inspect().reason;
}

/**
 * Electron's own installer, the electron package's `install-electron` bin (what `npx
 * install-electron` runs): a Node script that downloads the binary. Null without the package.
 */
export function electronInstallerPath() {
  let packageJson;
  try {
    packageJson = require.resolve('electron/package.json');
  } catch {
    return null;
  }
  const bin = JSON.parse(readFileSync(packageJson, 'utf8')).bin?.['install-electron'];
  if (typeof bin !== 'string') return null;
  const script = join(dirname(packageJson), bin);
  return existsSync(script) ? script : null;
}
