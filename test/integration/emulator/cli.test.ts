import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/emulator/cli-args';
import { MCA_TEMPLATE_ID, WELL_KNOWN } from '../../../src/emulator/index';
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
  /** Resolves with stdout once its first line is complete (or the process ended). */
  const firstLine = new Promise<string>((resolve) => {
    child.stdout.on('data', () => stdout.includes('\n') && resolve(stdout));
    void exited.then(() => resolve(stdout));
  });
  return { child, exited, firstLine, out: () => stdout, err: () => stderr };
}

describe('cli', () => {
  it('prints exactly one line with the URL, serves the API, and exits 0 on SIGTERM', async () => {
    const p = run(['--port', '0', '--seed', '3', '--customers', '25', '--role', 'SalesAgent', '--cloud', 'public', '--latency-ms', '0', '--fault-rate', '0', '--rate-limit', '0']);
    const m = /^Partner Center emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(await p.firstLine);
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

  it('--partner-confirmation retired: the legacy agreement POST answers 600031', async () => {
    const p = run(['--port', '0', '--customers', '10', '--partner-confirmation', 'retired']);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await p.firstLine)?.[1];
    expect(url, `stdout: ${p.out()} stderr: ${p.err()}`).toBeDefined();
    expect((await call(url!, 'GET', '/_emulator/state')).json.partnerConfirmation).toBe('retired');
    const tok = (await call(url!, 'POST', '/_emulator/token', { body: {} })).json.accessToken;
    const res = await call(url!, 'POST', `/v1/customers/${WELL_KNOWN[0]!.id}/agreements`, { token: tok, body: { primaryContact: { firstName: 'A', lastName: 'B', email: 'a.b@example.com' }, templateId: MCA_TEMPLATE_ID, dateAgreed: '2025-01-01T00:00:00Z', type: 'MicrosoftCustomerAgreement' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 600031, errorName: 'PartnerAttestationDeprecated' });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('--hold-customer-pages N: N pages of the customer list are served, the next waits for a hold that lets it go', async () => {
    const p = run(['--port', '0', '--customers', '30', '--hold-customer-pages', '1']);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await p.firstLine)?.[1];
    expect(url, `stdout: ${p.out()} stderr: ${p.err()}`).toBeDefined();
    const tok = (await call(url!, 'POST', '/_emulator/token', { body: {} })).json.accessToken;
    const first = await call(url!, 'GET', '/v1/customers?size=10', { token: tok });
    expect(first.json.items).toHaveLength(10);
    let answered = false;
    const second = call(url!, 'GET', '/v1/customers?size=10', { token: tok }).then((r) => { answered = true; return r; });
    // The emulator says when the second page waits; until released it is not answered.
    await expect.poll(async () => (await call(url!, 'GET', '/_emulator/state')).json.customerPages).toEqual({ served: 1, hold: 1, waiting: 1 });
    expect(answered).toBe(false);
    await call(url!, 'POST', '/_emulator/hold', { body: { customerPages: null } });
    expect((await second).json.items).toHaveLength(10);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it.each([
    [['--partner-confirmation', 'gone'], /--partner-confirmation must be one of available, retired, got 'gone'/],
    [['--partner-confirmation'], /'--partner-confirmation <value>' argument missing/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port must be between/],
    [['--customers'], /'--customers <value>' argument missing/],
    [['--role', 'Boss'], /--role must be one of/],
    [['--cloud', 'mars'], /--cloud must be one of/],
    [['--fault-rate', '1.5'], /--fault-rate must be between 0 and 1/],
    [['--hold-customer-pages=-1'], /--hold-customer-pages must be between 0 and 1000000/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const p = run(args);
    expect(await p.exited).toBe(2);
    expect(p.err()).toMatch(message);
    expect(p.out()).toBe('');
  });

  it('parses every option, in both --name value and --name=value forms', () => {
    expect(parseCliArgs(['--port=8080', '--seed', '9', '--customers', '100000', '--latency-ms', '20', '--fault-rate', '0.3', '--rate-limit', '5', '--role', 'HelpdeskAgent', '--cloud=usgov', '--partner-confirmation=available', '--hold-customer-pages', '3'])).toEqual({
      ok: true,
      options: { port: 8080, seed: 9, customers: 100000, latencyMs: 20, faultRate: 0.3, rateLimit: 5, role: 'HelpdeskAgent', cloud: 'usgov', partnerConfirmation: 'available', holdCustomerPages: 3 },
    });
    expect(parseCliArgs(['--seed', '1', '--seed', '2'])).toEqual({ ok: false, error: '--seed given twice' });
    expect(parseCliArgs(['--port', '--seed'])).toMatchObject({ ok: false, error: expect.stringMatching(/'--port' argument is ambiguous/) });
    expect(parseCliArgs(['--seed=-5'])).toEqual({ ok: true, options: { seed: -5 } });
    expect(parseCliArgs(['--port', ''])).toEqual({ ok: false, error: "--port must be an integer, got ''" });
    expect(parseCliArgs(['--help', '--port', 'abc'])).toEqual({ ok: true, help: true });
  });
});
