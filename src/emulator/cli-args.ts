/** Argument parsing for cli.ts (kept separate so tests can import it without starting a server). */
import { CLOUDS, ROLES, type EmulatorCloud, type EmulatorOptions, type EmulatorRole } from './state';

export const USAGE = `Usage: npm run emulator -- [--port N] [--seed S] [--customers C] [--latency-ms L]
       [--fault-rate F] [--rate-limit R] [--role ${ROLES.join('|')}] [--cloud ${CLOUDS.join('|')}]

  --port N         TCP port on 127.0.0.1 (0 = any free port; default 0)
  --seed S         seed of the generated data (integer; default 1)
  --customers C    number of customers (0..1000000; default 300)
  --latency-ms L   delay of every /v1 response in ms (default 0)
  --fault-rate F   share of /v1 requests that fail (0..1; all fault kinds; default 0)
  --rate-limit R   requests per second per partner, then 429 (0 = off; default 0)
  --role ROLE      role of the default sandbox user (default AdminAgent)
  --cloud CLOUD    cloud to emulate (default public)`;

export type ParseResult = { ok: true; options: EmulatorOptions } | { ok: false; error: string } | { ok: true; help: true };

function int(name: string, raw: string, min: number, max: number): number | string {
  if (!/^-?\d+$/.test(raw)) return `${name} must be an integer, got '${raw}'`;
  const n = Number(raw);
  if (n < min || n > max) return `${name} must be between ${min} and ${max}, got ${n}`;
  return n;
}

function num(name: string, raw: string, min: number, max: number): number | string {
  if (!/^\d+(\.\d+)?$/.test(raw)) return `${name} must be a number, got '${raw}'`;
  const n = Number(raw);
  if (n < min || n > max) return `${name} must be between ${min} and ${max}, got ${n}`;
  return n;
}

export function parseCliArgs(argv: readonly string[]): ParseResult {
  const options: EmulatorOptions = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { ok: true, help: true };
    if (!arg.startsWith('--')) return { ok: false, error: `unexpected argument '${arg}'` };
    let name = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      i++;
    }
    const known = ['--port', '--seed', '--customers', '--latency-ms', '--fault-rate', '--rate-limit', '--role', '--cloud'];
    if (!known.includes(name)) return { ok: false, error: `unknown option '${name}'` };
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) return { ok: false, error: `${name} needs a value` };
    if (seen.has(name)) return { ok: false, error: `${name} given twice` };
    seen.add(name);
    let parsed: number | string;
    switch (name) {
      case '--port': parsed = int(name, value, 0, 65535); if (typeof parsed === 'number') options.port = parsed; break;
      case '--seed': parsed = int(name, value, -2147483648, 4294967295); if (typeof parsed === 'number') options.seed = parsed; break;
      case '--customers': parsed = int(name, value, 0, 1_000_000); if (typeof parsed === 'number') options.customers = parsed; break;
      case '--latency-ms': parsed = int(name, value, 0, 600_000); if (typeof parsed === 'number') options.latencyMs = parsed; break;
      case '--fault-rate': parsed = num(name, value, 0, 1); if (typeof parsed === 'number') options.faultRate = parsed; break;
      case '--rate-limit': parsed = num(name, value, 0, 1_000_000); if (typeof parsed === 'number') options.rateLimit = parsed; break;
      case '--role':
        if (!(ROLES as readonly string[]).includes(value)) parsed = `--role must be one of ${ROLES.join(', ')}, got '${value}'`;
        else { options.role = value as EmulatorRole; parsed = 0; }
        break;
      default:
        if (!(CLOUDS as readonly string[]).includes(value)) parsed = `--cloud must be one of ${CLOUDS.join(', ')}, got '${value}'`;
        else { options.cloud = value as EmulatorCloud; parsed = 0; }
    }
    if (typeof parsed === 'string') return { ok: false, error: parsed };
  }
  return { ok: true, options };
}
