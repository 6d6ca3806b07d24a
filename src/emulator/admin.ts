/** The loopback-only admin API under /_emulator/. */
import { z } from 'zod';
import type { Reply } from './errors';
import { adminAttestations } from './attestations';
import { FAULT_KINDS, PARTNER_CONFIRMATION_MODES, ROLES, type EmulatorState } from './state';

const bad = (message: string): Reply => ({ status: 400, body: { error: message } });

const roleSchema = z.enum(ROLES as [string, ...string[]]);
const schemas = {
  token: z.object({ role: roleSchema.optional(), appOnly: z.boolean().optional() }).strict()
    .refine((b) => !(b.appOnly && b.role), { error: 'an app-only token has no role: send appOnly or role, not both' }),
  offline: z.object({ on: z.boolean() }).strict(),
  hold: z.object({ customerPages: z.number().int().min(0).nullable() }).strict(),
  faults: z.object({ rate: z.number().min(0).max(1), kinds: z.array(z.enum(FAULT_KINDS as [string, ...string[]])).min(1).optional() }).strict(),
  throttle: z.object({
    perPartner: z.number().min(0).optional(),
    perCustomer: z.number().min(0).optional(),
    retryAfterFormat: z.enum(['seconds', 'http-date']).optional(),
  }).strict(),
  clock: z.object({ skewMs: z.number().finite() }).strict(),
  role: z.object({ role: roleSchema }).strict(),
  'oidc/lifetime': z.object({ accessTokenSeconds: z.number().int().min(1).max(86_400) }).strict(),
  'oidc/mfa': z.object({ on: z.boolean() }).strict(),
  'oidc/roles-claim': z.object({ on: z.boolean() }).strict(),
  'oidc/graph': z.object({ on: z.boolean() }).strict(),
  'oidc/web-apps': z.object({ certificatePem: z.string().min(1).optional() }).strict(),
  'partner-confirmation': z.object({ mode: z.enum(PARTNER_CONFIRMATION_MODES as [string, ...string[]]) }).strict(),
};

function parse<T extends z.ZodType>(schema: T, raw: string): z.infer<T> | Reply {
  let value: unknown = {};
  if (raw.trim() !== '') {
    try {
      value = JSON.parse(raw);
    } catch {
      return bad('The body is not valid JSON.');
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) return bad(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x && typeof (x as Reply).status === 'number';

export function handleAdmin(state: EmulatorState, method: string, path: string, query: URLSearchParams, raw: string): Reply {
  const action = path.slice('/_emulator/'.length);
  const attestations = adminAttestations(state, method, action, query);
  if (attestations) return attestations;
  const getRoutes = ['state', 'writes', 'oidc'];
  const postRoutes = ['token', 'offline', 'hold', 'faults', 'throttle', 'clock', 'role', 'reset', 'oidc/lifetime', 'oidc/revoke', 'oidc/mfa', 'oidc/roles-claim', 'oidc/graph', 'oidc/web-apps', 'partner-confirmation'];
  if (!getRoutes.includes(action) && !postRoutes.includes(action)) return { status: 404, body: { error: `Unknown admin route ${path}` } };
  const expected = getRoutes.includes(action) ? 'GET' : 'POST';
  if (method !== expected) return { status: 405, headers: { Allow: expected }, body: { error: `Use ${expected} ${path}` } };
  const c = state.controls;
  switch (action) {
    case 'state':
      return { status: 200, body: state.snapshot() };
    case 'writes':
      return { status: 200, body: { totalCount: state.writes.length, items: state.writes } };
    case 'oidc': {
      if (!state.oidc.endpoint) return { status: 404, body: { error: 'This emulator runs without its identity provider.' } };
      const { clientId, clientSecret } = state.oidc.webApps.defaultApp;
      return { status: 200, body: { ...state.oidc.endpoint, ...state.oidc.snapshot(), webApp: { clientId, clientSecret } } };
    }
    case 'token': {
      const b = parse(schemas.token, raw);
      if (isReply(b)) return b;
      const accessToken = b.appOnly ? state.issueAppOnlyToken() : state.issueToken(b.role as (typeof ROLES)[number] | undefined);
      const { kind, ...who } = state.callerFor(state.tokens.get(accessToken)!);
      return { status: 200, body: { accessToken, ...(kind === 'app' ? { appOnly: true } : {}), ...who } };
    }
    case 'oidc/web-apps': {
      const b = parse(schemas['oidc/web-apps'], raw);
      if (isReply(b)) return b;
      const app = state.oidc.webApps.register(b.certificatePem);
      if (typeof app === 'string') return bad(app);
      const cert = app.certificates[0];
      return {
        status: 200,
        body: { clientId: app.clientId, clientSecret: app.clientSecret, ...(cert ? { certificate: { thumbprint: cert.thumbprint, thumbprintSha256: cert.thumbprintSha256 } } : {}) },
      };
    }
    case 'offline': {
      const b = parse(schemas.offline, raw);
      if (isReply(b)) return b;
      c.offline = b.on;
      return { status: 200, body: state.snapshot() };
    }
    case 'hold': {
      // Customer list pages after this many wait (null: none); a later value releases them.
      const b = parse(schemas.hold, raw);
      if (isReply(b)) return b;
      state.releaseCustomerPages(b.customerPages);
      return { status: 200, body: state.snapshot() };
    }
    case 'faults': {
      const b = parse(schemas.faults, raw);
      if (isReply(b)) return b;
      c.faults = { rate: b.rate, kinds: (b.kinds ?? [...FAULT_KINDS]) as typeof c.faults.kinds };
      return { status: 200, body: state.snapshot() };
    }
    case 'throttle': {
      const b = parse(schemas.throttle, raw);
      if (isReply(b)) return b;
      c.throttle = {
        perPartner: b.perPartner ?? c.throttle.perPartner,
        perCustomer: b.perCustomer ?? c.throttle.perCustomer,
        retryAfterFormat: b.retryAfterFormat ?? c.throttle.retryAfterFormat,
      };
      return { status: 200, body: state.snapshot() };
    }
    case 'clock': {
      const b = parse(schemas.clock, raw);
      if (isReply(b)) return b;
      c.skewMs = b.skewMs;
      return { status: 200, body: state.snapshot() };
    }
    case 'partner-confirmation': {
      const b = parse(schemas['partner-confirmation'], raw);
      if (isReply(b)) return b;
      c.partnerConfirmation = b.mode as (typeof PARTNER_CONFIRMATION_MODES)[number];
      return { status: 200, body: state.snapshot() };
    }
    case 'role': {
      const b = parse(schemas.role, raw);
      if (isReply(b)) return b;
      c.role = b.role as (typeof ROLES)[number];
      return { status: 200, body: state.snapshot() };
    }
    case 'oidc/lifetime': {
      const b = parse(schemas['oidc/lifetime'], raw);
      if (isReply(b)) return b;
      state.oidc.controls.accessTokenSeconds = b.accessTokenSeconds;
      return { status: 200, body: state.oidc.snapshot() };
    }
    case 'oidc/mfa': {
      const b = parse(schemas['oidc/mfa'], raw);
      if (isReply(b)) return b;
      state.oidc.controls.mfa = b.on;
      return { status: 200, body: state.oidc.snapshot() };
    }
    case 'oidc/roles-claim': {
      const b = parse(schemas['oidc/roles-claim'], raw);
      if (isReply(b)) return b;
      state.oidc.controls.rolesClaim = b.on;
      return { status: 200, body: state.oidc.snapshot() };
    }
    case 'oidc/graph': {
      const b = parse(schemas['oidc/graph'], raw);
      if (isReply(b)) return b;
      state.oidc.controls.graph = b.on;
      return { status: 200, body: state.oidc.snapshot() };
    }
    case 'oidc/revoke': {
      const revoked = state.oidc.revokeAll();
      return { status: 200, body: { ...state.oidc.snapshot(), revoked } };
    }
    default: {
      state.reset();
      return { status: 200, body: state.snapshot() };
    }
  }
}
