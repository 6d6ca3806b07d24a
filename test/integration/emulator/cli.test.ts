import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/emulator/cli-args';
import { call } from '../../helpers/emulator-call';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

function run(args: string[]) {
  const child = spawn(tsx, ['src/emulator/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('cli', () => {
  it('prints exactly one line with the URL, serves the API, and exits 0 on SIGTERM', async () => {
    const p = run(['--port', '0', '--seed', '3', '--customers', '25', '--role', 'SalesAgent', '--cloud', 'public', '--latency-ms', '0', '--fault-rate', '0', '--rate-limit', '0']);
    const deadline = Date.now() + 20_000;
    while (!p.out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const m = /^Partner Center emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(p.out());
    expect(m, `stdout: ${p.out()} stderr: ${p.err()}`).not.toBeNull();
    const url = m![1]!;
    const state = await call(url, 'GET', '/_emulator/state');
    expect(state.json).toMatchObject({ customers: 25, seed: 3, role: 'SalesAgent' });
    const tok = await call(url, 'POST', '/_emulator/token', { body: {} });
    expect(tok.json.role).toBe('SalesAgent');
    expect((await call(url, 'GET', '/v1/customers', { token: tok.json.accessToken })).json.totalCount).toBe(25);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port must be between/],
    [['--customers'], /'--customers <value>' argument missing/],
    [['--role', 'Boss'], /--role must be one of/],
    [['--cloud', 'mars'], /--cloud must be one of/],
    [['--fault-rate', '1.5'], /--fault-rate must be between 0 and 1/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const p = run(args);
    expect(await p.exited).toBe(2);
    expect(p.err()).toMatch(message);
    expect(p.out()).toBe('');
  });

  it('parses every option, in both --name value and --name=value forms', () => {
    expect(parseCliArgs(['--port=8080', '--seed', '9', '--customers', '100000', '--latency-ms', '20', '--fault-rate', '0.3', '--rate-limit', '5', '--role', 'HelpdeskAgent', '--cloud=usgov'])).toEqual({
      ok: true,
      options: { port: 8080, seed: 9, customers: 100000, latencyMs: 20, faultRate: 0.3, rateLimit: 5, role: 'HelpdeskAgent', cloud: 'usgov' },
    });
    expect(parseCliArgs(['--seed', '1', '--seed', '2'])).toEqual({ ok: false, error: '--seed given twice' });
    expect(parseCliArgs(['--port', '--seed'])).toMatchObject({ ok: false, error: expect.stringMatching(/'--port' argument is ambiguous/) });
    expect(parseCliArgs(['--seed=-5'])).toEqual({ ok: true, options: { seed: -5 } });
    expect(parseCliArgs(['--port', ''])).toEqual({ ok: false, error: "--port must be an integer, got ''" });
    expect(parseCliArgs(['--help', '--port', 'abc'])).toEqual({ ok: true, help: true });
  });
});
