/** The emulator's mutable state and controls. */
import { createHmac, randomBytes } from 'node:crypto';
import type { Attestation } from './attestations';
import { OidcState } from './oidc/oidc-state';
import { servicePrincipalIdOf } from './oidc/web-apps';
import { PARTNER_USERS, agreementCount, generateCustomers, type CustomerRecord } from './seed';

export type EmulatorRole = 'AdminAgent' | 'SalesAgent' | 'HelpdeskAgent' | 'BillingAdmin' | 'GlobalAdmin';
export type EmulatorCloud = 'public' | 'china' | 'usgov' | 'germany';
export type FaultKind = '500' | '503' | 'timeout' | 'reset' | 'truncated' | 'bad-json';
/** Whether partners may still attest with a contact (the legacy POST), or only through the enhanced attestation API. */
export type PartnerConfirmation = 'available' | 'retired';

export const ROLES: readonly EmulatorRole[] = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'BillingAdmin', 'GlobalAdmin'];
export const CLOUDS: readonly EmulatorCloud[] = ['public', 'china', 'usgov', 'germany'];
export const FAULT_KINDS: readonly FaultKind[] = ['500', '503', 'timeout', 'reset', 'truncated', 'bad-json'];
export const PARTNER_CONFIRMATION_MODES: readonly PartnerConfirmation[] = ['available', 'retired'];

export interface EmulatorOptions {
  port?: number;
  seed?: number;
  customers?: number;
  latencyMs?: number;
  faultRate?: number;
  rateLimit?: number;
  role?: EmulatorRole;
  cloud?: EmulatorCloud;
  /** `retired`: the legacy contact-body agreement POST answers 600031 (attestations.ts). Default `available`. */
  partnerConfirmation?: PartnerConfirmation;
  /** Serve this many customer list pages, then hold the next ones (POST /_emulator/hold releases). */
  holdCustomerPages?: number;
  /** Serve OIDC over HTTPS as a stand-in for Entra ID (oidc/server.ts). Default true. */
  oidc?: boolean;
}

/** What a bearer token stands for: a partner user (App+User) or a web app alone (app-only). */
export type TokenInfo =
  | {
    appOnly?: false;
    /** null: follows the emulator's current role (POST /_emulator/role). */
    role: EmulatorRole | null;
  }
  | { appOnly: true; appId: string };

/** Who a /v1 request acts as. An app acts for the partner: no user, no Partner Center role. */
export type Caller =
  | { kind: 'user'; role: EmulatorRole; userId: string; displayName: string }
  | { kind: 'app'; appId: string; servicePrincipalId: string };

export interface WriteEntry {
  time: string;
  method: string;
  path: string;
  requestId: string;
  correlationId: string;
  body: unknown;
  status: number | null;
  errorCode: string | number | null;
  fault?: string;
}

export interface Controls {
  role: EmulatorRole;
  cloud: EmulatorCloud;
  latencyMs: number;
  offline: boolean;
  faults: { rate: number; kinds: FaultKind[] };
  throttle: { perPartner: number; perCustomer: number; retryAfterFormat: 'seconds' | 'http-date' };
  skewMs: number;
  partnerConfirmation: PartnerConfirmation;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
export const CONTINUATION_TTL_MS = 10 * 60 * 1000;

export class EmulatorState {
  readonly seed: number;
  readonly customerCount: number;
  readonly options: EmulatorOptions;
  customers!: CustomerRecord[];
  byId!: Map<string, CustomerRecord>;
  domains!: Set<string>;
  writes: WriteEntry[] = [];
  /** Every /v1 request received (faulted, throttled and refused ones included), for benchmarks. */
  requests = 0;
  /**
   * Customer list pages served, and the requests waiting for a hold (POST /_emulator/hold) to be
   * released: a test stops a refresh midway at a known point, not at a moment it races for.
   */
  private customerPages = 0;
  private held: Array<() => void> = [];
  customerPagesHold: number | null = null;
  /** Requests answered 429. */
  throttled = 0;
  /** MS-RequestId → stored reply of a completed write, for idempotent replays. */
  replays = new Map<string, { method: string; path: string; status: number; body: unknown; headers?: Record<string, string> }>();
  tokens = new Map<string, TokenInfo>();
  controls!: Controls;
  /** Bumped on reset: continuation tokens from before are rejected. */
  generation = 0;
  readonly secret = randomBytes(32);
  /** Per-customer commerce data (subscriptions, orders), created on first use. */
  commerce = new Map<string, unknown>();
  createdCustomers = 0;
  /** The identity provider's codes, refresh tokens and controls (/_emulator/oidc/*). */
  readonly oidc = new OidcState();
  /** Enhanced attestations by id (attestations.ts). */
  attestations = new Map<string, Attestation>();

  constructor(options: EmulatorOptions) {
    this.options = options;
    this.seed = options.seed ?? 1;
    this.customerCount = options.customers ?? 300;
    this.reset();
  }

  reset(): void {
    const { customers, byId, domains } = generateCustomers(this.seed, this.customerCount);
    this.customers = customers;
    this.byId = byId;
    this.domains = domains;
    this.writes = [];
    this.requests = 0;
    this.customerPages = 0;
    this.releaseCustomerPages(this.options.holdCustomerPages ?? null);
    this.throttled = 0;
    this.replays.clear();
    this.commerce.clear();
    this.createdCustomers = 0;
    this.attestations.clear();
    this.oidc.reset();
    this.generation++;
    const o = this.options;
    this.controls = {
      role: o.role ?? 'AdminAgent',
      cloud: o.cloud ?? 'public',
      latencyMs: o.latencyMs ?? 0,
      offline: false,
      faults: { rate: o.faultRate ?? 0, kinds: [...FAULT_KINDS] },
      throttle: { perPartner: o.rateLimit ?? 0, perCustomer: 0, retryAfterFormat: 'seconds' },
      skewMs: 0,
      partnerConfirmation: o.partnerConfirmation ?? 'available',
    };
  }

  /** The emulator's "current UTC time" (real time plus the configured skew). */
  now(): number {
    return Date.now() + this.controls.skewMs;
  }

  issueToken(role?: EmulatorRole): string {
    return this.opaqueToken({ role: role ?? null });
  }

  /** An opaque app-only token of the default web app (the identity provider's one is a JWT). */
  issueAppOnlyToken(): string {
    return this.opaqueToken({ appOnly: true, appId: this.oidc.webApps.defaultApp.clientId });
  }

  private opaqueToken(info: TokenInfo): string {
    const token = `emu.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, info);
    return token;
  }

  callerFor(info: TokenInfo): Caller {
    if (info.appOnly) return { kind: 'app', appId: info.appId, servicePrincipalId: servicePrincipalIdOf(info.appId) };
    const role = info.role ?? this.controls.role;
    const user = PARTNER_USERS.find((u) => u.role === role) ?? PARTNER_USERS[0];
    return { kind: 'user', role, userId: user.userId, displayName: user.displayName };
  }

  sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }

  /** A customer list page's turn: waits while the hold is reached, then counts the page. */
  async customerPageTurn(): Promise<void> {
    while (this.customerPagesHold !== null && this.customerPages >= this.customerPagesHold) await new Promise<void>((resolve) => this.held.push(resolve));
    this.customerPages += 1;
  }

  /** A new hold (null: none); the waiting pages go on if it lets them. */
  releaseCustomerPages(hold: number | null): void {
    this.customerPagesHold = hold;
    for (const resolve of this.held.splice(0)) resolve();
  }

  snapshot(): Record<string, unknown> {
    let agreements = 0;
    let directSigned = 0;
    for (const c of this.customers) {
      agreements += agreementCount(c);
      if (c.directSigned) directSigned++;
    }
    const c = this.controls;
    return {
      seed: this.seed,
      customers: this.customers.length,
      agreements,
      directSigned,
      writes: this.writes.length,
      requests: this.requests,
      throttled: this.throttled,
      customerPages: { served: this.customerPages, hold: this.customerPagesHold, waiting: this.held.length },
      role: c.role,
      cloud: c.cloud,
      offline: c.offline,
      latencyMs: c.latencyMs,
      faults: c.faults,
      throttle: c.throttle,
      clockSkewMs: c.skewMs,
      now: new Date(this.now()).toISOString(),
      attestations: this.attestations.size,
      partnerConfirmation: c.partnerConfirmation,
      oidc: this.oidc.snapshot(),
    };
  }
}
