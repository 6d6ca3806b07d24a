/** Argument parsing for cli.ts (kept separate so tests can import it without starting a server). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { CLOUDS, PARTNER_CONFIRMATION_MODES, ROLES, type EmulatorOptions } from './state';

export const USAGE = `Usage: npm run emulator -- [--port N] [--seed S] [--customers C] [--latency-ms L]
       [--fault-rate F] [--rate-limit R] [--role ${ROLES.join('|')}] [--cloud ${CLOUDS.join('|')}]
       [--partner-confirmation ${PARTNER_CONFIRMATION_MODES.join('|')}] [--hold-customer-pages N]

  --port N         TCP port on 127.0.0.1 (0 = any free port; default 0)
  --seed S         seed of the generated data (integer; default 1)
  --customers C    number of customers (0..1000000; default 300)
  --latency-ms L   delay of every /v1 response in ms (default 0)
  --fault-rate F   share of /v1 requests that fail (0..1; all fault kinds; default 0)
  --rate-limit R   requests per second per partner, then 429 (0 = off; default 0)
  --role ROLE      role of the default sandbox user (default AdminAgent)
  --cloud CLOUD    cloud to emulate (default public)
  --partner-confirmation MODE
                   available (default): partners may still attest with a contact (legacy POST);
                   retired: that POST answers 600031, only the enhanced attestation API works
  --hold-customer-pages N
                   serve N pages of the customer list, then hold the next ones until
                   POST /_emulator/hold lets them go (tests stop a refresh at a known page)`;

export type ParseResult = { ok: true; options: EmulatorOptions } | { ok: false; error: string } | { ok: true; help: true };

const options = {
  port: { type: 'string' },
  seed: { type: 'string' },
  customers: { type: 'string' },
  'latency-ms': { type: 'string' },
  'fault-rate': { type: 'string' },
  'rate-limit': { type: 'string' },
  role: { type: 'string' },
  cloud: { type: 'string' },
  'partner-confirmation': { type: 'string' },
  'hold-customer-pages': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** A whole number in [min, max], with messages that name the option and echo the value. */
const int = (name: string, min: number, max: number) =>
  z.string()
    .regex(/^-?\d+$/, { error: (i) => `--${name} must be an integer, got '${String(i.input)}'` })
    .transform(Number)
    .pipe(z.number().min(min, { error: (i) => `--${name} must be between ${min} and ${max}, got ${String(i.input)}` }).max(max, { error: (i) => `--${name} must be between ${min} and ${max}, got ${String(i.input)}` }))
    .optional();

/** A non-negative decimal number in [min, max]. */
const num = (name: string, min: number, max: number) =>
  z.string()
    .regex(/^\d+(\.\d+)?$/, { error: (i) => `--${name} must be a number, got '${String(i.input)}'` })
    .transform(Number)
    .pipe(z.number().min(min, { error: (i) => `--${name} must be between ${min} and ${max}, got ${String(i.input)}` }).max(max, { error: (i) => `--${name} must be between ${min} and ${max}, got ${String(i.input)}` }))
    .optional();

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as [T, ...T[]], { error: (i) => `--${name} must be one of ${values.join(', ')}, got '${String(i.input)}'` }).optional();

const schema = z.object({
  port: int('port', 0, 65535),
  seed: int('seed', -2147483648, 4294967295),
  customers: int('customers', 0, 1_000_000),
  'latency-ms': int('latency-ms', 0, 600_000),
  'fault-rate': num('fault-rate', 0, 1),
  'rate-limit': num('rate-limit', 0, 1_000_000),
  role: oneOf('role', ROLES),
  cloud: oneOf('cloud', CLOUDS),
  'partner-confirmation': oneOf('partner-confirmation', PARTNER_CONFIRMATION_MODES),
  'hold-customer-pages': int('hold-customer-pages', 0, 1_000_000),
  help: z.boolean().optional(),
}).strict();

function tokenize(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    // ERR_PARSE_ARGS_*: unknown option, missing or ambiguous value, unexpected argument.
    return error instanceof Error ? error.message : String(error);
  }
}

/** Parses the emulator's command line: `--name value` or `--name=value`, each option at most once. */
export function parseCliArgs(argv: readonly string[]): ParseResult {
  const parsed = tokenize(argv);
  if (typeof parsed === 'string') return { ok: false, error: parsed };
  if (parsed.values.help) return { ok: true, help: true };
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) return { ok: false, error: `--${token.name} given twice` };
    seen.add(token.name);
  }
  const values = schema.safeParse(parsed.values);
  if (!values.success) return { ok: false, error: values.error.issues.map((i) => i.message).join('; ') };
  const v = values.data;
  const result: EmulatorOptions = {
    ...(v.port !== undefined ? { port: v.port } : {}),
    ...(v.seed !== undefined ? { seed: v.seed } : {}),
    ...(v.customers !== undefined ? { customers: v.customers } : {}),
    ...(v['latency-ms'] !== undefined ? { latencyMs: v['latency-ms'] } : {}),
    ...(v['fault-rate'] !== undefined ? { faultRate: v['fault-rate'] } : {}),
    ...(v['rate-limit'] !== undefined ? { rateLimit: v['rate-limit'] } : {}),
    ...(v.role !== undefined ? { role: v.role } : {}),
    ...(v.cloud !== undefined ? { cloud: v.cloud } : {}),
    ...(v['partner-confirmation'] !== undefined ? { partnerConfirmation: v['partner-confirmation'] } : {}),
    ...(v['hold-customer-pages'] !== undefined ? { holdCustomerPages: v['hold-customer-pages'] } : {}),
  };
  return { ok: true, options: result };
}
