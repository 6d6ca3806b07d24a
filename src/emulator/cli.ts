/** Standalone emulator: `tsx src/emulator/cli.ts --port N --seed S ...` (npm run emulator). */
import { startEmulator } from './index';
import { USAGE, parseCliArgs } from './cli-args';

const parsed = parseCliArgs(process.argv.slice(2));
if ('help' in parsed) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!parsed.ok) {
  process.stderr.write(`emulator: ${parsed.error}\n\n${USAGE}\n`);
  process.exit(2);
}

try {
  const emulator = await startEmulator(parsed.options);
  process.stdout.write(`Partner Center emulator listening on ${emulator.url}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  process.stderr.write(`emulator: could not start: ${e.code === 'EADDRINUSE' ? `port ${parsed.options.port} is in use` : e.message}\n`);
  process.exit(1);
}
