import type { Database } from 'better-sqlite3';
import type { EventName, EventPayload } from '../../shared/contract';
import { z } from 'zod';
import { confirmationMethodOf, roleSchema, syncSettingsSchema, type CustomerDetail, type OperatorView, type Session, type SyncSettings as OperatorSyncSettings } from '../../shared/domain';
import { translate } from '../../shared/i18n';
import { acceptanceSchema, localToday, type AcceptanceInput } from '../../shared/validation';
import { startEmulator, type Emulator } from '../../emulator/index';
import type { ShellCapabilities } from './app-core-types';
import { AppFailure, invalidInput } from './app-failure';
import { AuditLog } from './confirmations/audit-log';
import { iso, newId, systemClock, type Clock } from './clock';
import { NOTHING_SEEN, Outbox } from './confirmations/outbox';
import { customerDetail } from './customer-details';
import { CustomerRepo } from './customers/customer-repo';
import { readStatus } from './customers/refresh';
import { StatusRepo } from './customers/status-repo';
import { createPartnerCenterClient, isPartnerCenterError, type Customer, type PartnerCenterClient } from './partner-center';
import { builtInSandbox, PARTNER_CENTER_URLS, profileDatabasePath, sandboxSeed } from './profiles';
import type { Profile } from '../../shared/domain';
import { type SignIn } from './session/emulator-sign-in';
import { chooseSignIn, MsalSignIn } from './auth';
import type { CreatedCustomerResult } from './sync/agreements-port';
import { openDatabase } from './store/database';
import { Meta } from './store/meta';
import { ConnectivityMonitor } from './sync/connectivity';
import { agreementsFromClient, customersFromClient } from './sync/partner-center-agreements';
import { SyncEngine, type SyncSettings } from './sync/sync-engine';
import type { AgreementsPort } from './sync/agreements-port';

export type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export interface ServicesOptions {
  dataDir: string;
  /** The profile to open (default: the built-in sandbox). */
  profile?: Profile;
  /** A create-customer item created its customer: credentials only in memory. */
  onCustomerCreated?: (itemId: string, created: CreatedCustomerResult) => void;
  /**
   * Partner Center (or an emulator) to talk to. Undefined: the built-in emulator starts
   * in-process. Null: no Partner Center at all (the CLI's local commands): work offline, act as
   * the account last signed in.
   */
  partnerCenterUrl?: string | null;
  clock?: Clock;
  locale?: string;
  sync?: Partial<SyncSettings>;
  /** Seed size of the built-in emulator (tests use small ones). */
  emulatorCustomers?: number;
  probeIntervalMs?: number;
  /** Per-request timeout of the Partner Center client. */
  timeoutMs?: number;
  shell?: ShellCapabilities;
  emit?: Emit;
}

/** The core's parts, wired once; the app facade, the CLI and tests all build on this. */
export interface Services {
  clock: Clock;
  locale: string;
  profile: Profile;
  db: Database;
  customers: CustomerRepo;
  statuses: StatusRepo;
  outbox: Outbox;
  audit: AuditLog;
  meta: Meta;
  signIn: SignIn;
  /** Built-in sandbox only: the in-process emulator. */
  emulator: Emulator | null;
  client: PartnerCenterClient;
  agreements: AgreementsPort;
  connectivity: ConnectivityMonitor;
  engine: SyncEngine;
  partnerCenterUrl: string;
  close(): Promise<void>;
}

const CONFIRM_ROLES = new Set(['AdminAgent', 'SalesAgent']);

/** Where a run without Partner Center points (the CLI's local commands): nothing can leave. */
export const OFFLINE_URL = 'http://partner-center.invalid';

export async function openServices(options: ServicesOptions): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const locale = options.locale ?? 'en-US';
  const emit: Emit = options.emit ?? (() => undefined);
  const profile = options.profile ?? builtInSandbox;
  const builtIn = profile.environment === 'built-in-sandbox';

  // The built-in sandbox: an in-process emulator on a loopback port (with the profile's cloud and
  // sandbox role), unless a URL was given. Other profiles talk to Partner Center of their cloud.
  const none = options.partnerCenterUrl === null;
  const emulator: Emulator | null =
    options.partnerCenterUrl === undefined && builtIn
      ? await startEmulator({ port: 0, seed: sandboxSeed(profile), customers: options.emulatorCustomers ?? 300, cloud: profile.cloud, role: profile.sandboxRole ?? 'AdminAgent', oidc: profile.signInMode === 'entra' })
      : null;
  // `.invalid` never resolves (RFC 2606): with no Partner Center nothing can leave the machine.
  const partnerCenterUrl: string = none
    ? OFFLINE_URL
    : (options.partnerCenterUrl ?? emulator?.url ?? PARTNER_CENTER_URLS[profile.cloud]);

  const db = openDatabase(profileDatabasePath(options.dataDir, profile));
  const customers = new CustomerRepo(db);
  const statuses = new StatusRepo(db);
  const outbox = new Outbox(db);

  // Late-bound: sign-in announces auth changes (sign-in needed, signing in) as a new session.
  let opened: Services | null = null;
  const signIn: SignIn = await chooseSignIn({
    profile,
    partnerCenterUrl,
    emulatorIdentityProvider: emulator?.oidc ?? null,
    shell: options.shell,
    unavailable: translate(locale, 'error.signInUnavailable'),
    onChange: () => {
      if (!opened) return;
      try {
        // A role found later (Graph lookup after a restore) is remembered for offline starts.
        if (signIn.user) meta.set(USER_KEY, signIn.user);
        emit('sessionChanged', sessionOf(opened));
      } catch {
        // closing: nothing to announce
      }
    },
  });
  const meta = new Meta(db);
  const savedUser = meta.get(USER_KEY, signedInUserSchema);
  if (signIn instanceof MsalSignIn) {
    // Entra ID: never a browser at start. The cached account (or the one remembered) is shown,
    // offline included; tokens are refreshed on send, and "Sign in" is the operator's choice.
    await signIn.restore(savedUser);
  } else {
    try {
      if (none) throw new Error('no Partner Center for this run');
      meta.set(USER_KEY, await signIn.signIn());
    } catch {
      // Offline at start: keep working as the account last signed in; sign-in is retried on send.
      if (savedUser && builtIn) signIn.user = savedUser;
    }
  }

  const client = createPartnerCenterClient({
    baseUrl: partnerCenterUrl,
    getAccessToken: () => signIn.getAccessToken(),
    locale,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const agreements = agreementsFromClient(client);

  let engine: SyncEngine | null = null;
  const connectivity = new ConnectivityMonitor({
    clock,
    probe: () => client.probe(),
    ...(options.shell?.isOnline ? { osOnline: options.shell.isOnline } : {}),
    ...(options.probeIntervalMs ? { retryMs: options.probeIntervalMs, checkMs: options.probeIntervalMs * 5 } : {}),
    onChange: (state) => {
      emit('connectivity', state);
      if (engine) emit('sync', engine.status());
      // Coming back online starts a drain by itself.
      if (state.online) engine?.kick();
    },
  });
  engine = new SyncEngine({
    outbox,
    statuses,
    agreements,
    customers: customersFromClient(client),
    ...(options.onCustomerCreated ? { onCustomerCreated: options.onCustomerCreated } : {}),
    connectivity,
    clock,
    ...(options.sync ? { settings: options.sync } : {}),
    onChange: (customerId) => {
      emit('sync', syncEngine.status());
      if (customerId) emit('customersChanged', { customerIds: [customerId] });
    },
  });
  const syncEngine = engine;
  syncEngine.updateSettings(engineSettings(readSettings(meta, syncEngine)));
  if (none) connectivity.setWorkOffline(true);

  opened = {
    clock,
    locale,
    profile,
    db,
    customers,
    statuses,
    outbox,
    audit: new AuditLog(db),
    meta,
    signIn,
    emulator,
    client,
    agreements,
    connectivity,
    engine: syncEngine,
    partnerCenterUrl,
    async close() {
      signIn.cancel();
      connectivity.close();
      await syncEngine.stop();
      db.close();
      await emulator?.close();
    },
  };
  return opened;
}

export function sessionOf(s: Services): Session {
  const user = s.signIn.user;
  const mcaAvailable = s.profile.cloud === 'public';
  const readOnlyReason: Session['readOnlyReason'] = !mcaAvailable ? 'cloud' : !user ? 'signed-out' : !CONFIRM_ROLES.has(user.role) ? 'role' : null;
  return {
    profile: s.profile,
    user: user ? { displayName: user.displayName, role: user.role } : null,
    mcaAvailable,
    canConfirm: readOnlyReason === null,
    readOnlyReason,
    auth: s.signIn.auth(s.connectivity.online),
    confirmationMethod: confirmationMethodOf(s.profile),
    appCredential: { state: s.profile.environment === 'built-in-sandbox' ? 'built-in' : s.profile.webAppId ? 'ready' : 'missing', webAppId: s.profile.webAppId, kind: null, persisted: false },
    locale: s.locale,
    cachedCustomers: s.customers.count(),
  };
}

export function detailOf(s: Services, id: string): CustomerDetail {
  const detail = customerDetail(id, s);
  if (!detail) throw new AppFailure('not-found', translate(s.locale, 'error.not-found', { id }));
  return detail;
}

/** Writes what Partner Center returned for one customer into the cache. */
export function cacheCustomer(s: Services, c: Customer): void {
  const b = c.billingProfile;
  const id = c.id.toLowerCase();
  const base = { id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner };
  const now = iso(s.clock.now());
  if (!s.customers.get(id)) s.customers.upsertMany([base], 'single-read', now);
  s.customers.saveDetail(
    id,
    {
      ...base,
      country: c.companyProfile.address?.country ?? b?.defaultAddress?.country ?? null,
      customDomains: (c.customDomains ?? []).filter((d) => d.toLowerCase() !== base.domain.toLowerCase()),
      primaryContact:
        b?.firstName && b.lastName && b.email
          ? { firstName: b.firstName, lastName: b.lastName, email: b.email, ...(b.defaultAddress?.phoneNumber ? { phone: b.defaultAddress.phoneNumber } : {}) }
          : null,
    },
    now,
  );
}

/** Only Admin agents and Sales agents may confirm, or act on confirmations in the queue. */
export function requireConfirmRole(s: Services): void {
  const session = sessionOf(s);
  if (session.readOnlyReason === 'cloud') throw new AppFailure('forbidden', translate(s.locale, 'error.mca-unavailable'));
  if (!session.canConfirm) {
    throw new AppFailure('forbidden', translate(s.locale, 'error.forbidden', { role: session.user?.role ?? 'signed out' }));
  }
}

/** Role check and the form's validation again, against the core's clock ("today" is the core's). */
export function checkAcceptance(s: Services, acceptance: unknown): AcceptanceInput {
  requireConfirmRole(s);
  const checked = acceptanceSchema(() => localToday(s.clock.now())).safeParse(acceptance);
  if (!checked.success) throw invalidInput(checked.error.issues, ['acceptance'], s.locale);
  return checked.data;
}

/**
 * Saves an operator's confirmation: the confirmation and its queue item in one transaction. The
 * one way to save a confirmation, for the app and the CLI alike; sending is the caller's choice.
 */
export function saveConfirmation(s: Services, customerId: string, acceptance: unknown): string {
  const checked = checkAcceptance(s, acceptance);
  const customer = s.customers.get(customerId);
  if (!customer) throw new AppFailure('not-found', translate(s.locale, 'error.not-found', { id: customerId }));
  return s.outbox.enqueue(customer, checked, operatorView(s, customerId), actorOf(s), iso(s.clock.now()));
}

/**
 * What the operator has in front of them for a customer: its status as last read from Partner
 * Center (the account panel shows exactly this). Kept with every confirmation they save.
 */
export function operatorView(s: Services, customerId: string): OperatorView {
  const status = s.statuses.get(customerId);
  if (!status) return NOTHING_SEEN;
  return {
    records: status.partnerRecords.map((r) => ({ contact: r.contact, dateAgreed: r.dateAgreed, templateId: r.templateId })),
    directlySigned: status.directlySigned,
    readAt: status.verifiedAt,
  };
}

/**
 * Reads a customer, its agreements and its direct acceptance from Partner Center now, into the
 * cache (what "Verify now" and opening a customer do). A network failure marks Partner Center
 * unreachable before it is rethrown.
 */
export async function verifyNow(s: Services, customerId: string, correlationId: string = newId()): Promise<void> {
  try {
    cacheCustomer(s, await s.client.getCustomer(customerId, { correlationId }));
    if (s.profile.cloud === 'public') await readStatus(s, customerId, correlationId);
  } catch (error) {
    if (isPartnerCenterError(error) && error.kind === 'network') s.connectivity.reportNetworkFailure();
    throw error;
  }
}

/** Reads a customer by id from Partner Center into the cache when it is not there yet. */
export async function ensureCached(s: Services, customerId: string): Promise<void> {
  if (s.customers.get(customerId)) return;
  if (!s.connectivity.online) throw new AppFailure('not-found', translate(s.locale, 'error.not-found', { id: customerId }));
  try {
    cacheCustomer(s, await s.client.getCustomer(customerId, { correlationId: newId() }));
  } catch (error) {
    if (isPartnerCenterError(error) && error.kind === 'not-found') throw new AppFailure('not-found', translate(s.locale, 'error.not-found', { id: customerId }));
    throw error;
  }
}

/** The account last signed in on this profile (shown while offline), kept in its database. */
export const USER_KEY = 'user';
export const signedInUserSchema = z.object({ displayName: z.string(), role: roleSchema, userId: z.string() });
const SETTINGS_KEY = 'sync-settings';

/** The operator's sync settings, kept in the profile's database. */
export function readSettings(meta: Meta, engine: SyncEngine): OperatorSyncSettings {
  const current = engine.currentSettings();
  const defaults: OperatorSyncSettings = { parallelism: current.parallelism, maxRetryHours: current.maxElapsedMs / 3_600_000 };
  return { ...defaults, ...(meta.get(SETTINGS_KEY, syncSettingsSchema.partial()) ?? {}) };
}

export function updateSettings(s: Services, change: Partial<OperatorSyncSettings>, actor: string): OperatorSyncSettings {
  const next = { ...readSettings(s.meta, s.engine), ...change };
  s.db.transaction(() => {
    s.meta.set(SETTINGS_KEY, next);
    s.audit.append({ at: iso(s.clock.now()), actor, action: 'operator.settings', details: change });
  })();
  s.engine.updateSettings(engineSettings(next));
  s.engine.kick();
  return next;
}

function engineSettings(settings: OperatorSyncSettings): Partial<SyncSettings> {
  return { parallelism: settings.parallelism, maxElapsedMs: settings.maxRetryHours * 3_600_000 };
}

export function actorOf(s: Services): string {
  return `operator:${s.signIn.user?.displayName ?? 'unknown'}`;
}
