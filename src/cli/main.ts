import { run } from './run';

// `npm run cli -- <command>` and the `mca-desk` bin.
const code = await run(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
