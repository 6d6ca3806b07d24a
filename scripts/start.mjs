// `npm start`: build and run the desktop app. Where Electron's binary is missing (Electron
// downloads it on first use, not at npm install), run Electron's own installer first; where that
// fails (no network), say why in one line and start the browser host instead (npm run
// start:browser, which builds the same out/). Extra arguments go to whichever starts.
// What to start is decided in start-decision.mjs (unit-tested without downloading anything).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath, electronInstallerPath, whyNoElectron } from './electron-binary.mjs';
import { decideStart, runInstaller } from './start-decision.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** Runs a command to its end with inherited stdio, forwarding Ctrl+C; resolves to its exit code. */
function run(command, commandArgs, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}

// Electron's convention for "never download the binary" is honoured here too.
const skipReason = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : null;
const installer = electronInstallerPath();
const decision = await decideStart({
  findBinary: electronBinaryPath,
  whyMissing: whyNoElectron,
  install: installer && !skipReason ? () => runInstaller({ command: process.execPath, args: [installer] }) : null,
  skipReason,
  onInstalling: () => console.log("MCA Desk: Electron's binary is not installed yet; running Electron's installer (a download of about 100 MB, once)…"),
});

let code;
if (decision.kind === 'desktop') {
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const built = await run(process.execPath, [electronVite, 'build']);
  if (built !== 0) process.exit(built);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  code = await run(decision.binary, ['.', ...args], { env });
} else {
  // start:browser builds too, so the build is not run twice.
  console.log(`MCA Desk: Electron cannot start here: ${decision.reason}. Starting the browser host instead.`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  code = await run(npm, ['run', 'start:browser', ...(args.length ? ['--', ...args] : [])], {
    shell: process.platform === 'win32',
  });
}
process.exit(code);
