import type { Database } from 'better-sqlite3';
import { calls, type CallName, type Calls, type EventName, type EventPayload } from '../../shared/contract';
import type { Session } from '../../shared/domain';
import { translate } from '../../shared/i18n';
import { acceptanceSchema, localToday } from '../../shared/validation';
import type { Result } from '../../shared/result';
import type { z } from 'zod';
import { startEmulator, type Emulator } from '../../emulator/index';
import type { AppCore, AppCoreOptions, EventListener } from './app-core-types';
import { AppFailure } from './app-failure';
import { iso, newId, systemClock, type Clock } from './clock';
import { Outbox } from './confirmations/outbox';
import { customerDetail } from './customer-details';
import { CustomerRepo } from './customers/customer-repo';
import { readStatus, refreshCustomers } from './customers/refresh';
import { StatusRepo } from './customers/status-repo';
import { createPartnerCenterClient, isPartnerCenterError, type PartnerCenterClient } from './partner-center';
import { builtInSandbox, profileDatabasePath } from './profiles';
import { EmulatorSignIn } from './session/emulator-sign-in';
import { openDatabase } from './store/database';
import { ConnectivityMonitor } from './sync/connectivity';
import { agreementsFromClient } from './sync/partner-center-agreements';
import { SyncEngine, type SyncSettings } from './sync/sync-engine';
import type { AgreementsPort } from './sync/agreements-port';

type Handlers = { [K in CallName]: (input: z.output<Calls[K]['input']>) => Promise<z.input<Calls[K]['output']>> | z.input<Calls[K]['output']> };

export interface CoreInternals {
  db: Database;
  engine: SyncEngine;
  connectivity: ConnectivityMonitor;
  partnerCenterUrl: string;
}

export interface StartOptions extends AppCoreOptions {
  clock?: Clock;
  sync?: Partial<SyncSettings>;
  /** Seed size of the built-in emulator (tests use small ones). */
  emulatorCustomers?: number;
  probeIntervalMs?: number;
}

const CONFIRM_ROLES = new Set(['AdminAgent', 'SalesAgent']);
/** Re-read an opened customer from Partner Center at most this often. */
const VERIFY_AFTER_MS = 60_000;

export async function startAppCore(options: StartOptions): Promise<AppCore & { internals: CoreInternals }> {
  const clock = options.clock ?? systemClock;
  const locale = options.locale ?? 'en-US';
  const profile = builtInSandbox;
  const listeners = new Set<EventListener>();
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    for (const listener of listeners) listener(name, payload);
  };

  // The built-in sandbox: an in-process emulator on a loopback port, unless a URL was given.
  const emulator: Emulator | null = options.partnerCenterUrl
    ? null
    : await startEmulator({ port: 0, seed: 1, customers: options.emulatorCustomers ?? 300 });
  const partnerCenterUrl: string = options.partnerCenterUrl ?? emulator?.url ?? '';

  const db = openDatabase(profileDatabasePath(options.dataDir, profile));
  const customers = new CustomerRepo(db);
  const statuses = new StatusRepo(db);
  const outbox = new Outbox(db);

  const signIn = new EmulatorSignIn(partnerCenterUrl);
  const savedUser = db.prepare(`SELECT value FROM meta WHERE key = 'user'`).get() as { value: string } | undefined;
  try {
    const user = await signIn.signIn();
    db.prepare(`INSERT INTO meta (key, value) VALUES ('user', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(user));
  } catch {
    // Offline at start: keep working with the account last signed in; sign-in retries on send.
    if (savedUser) signIn.user = JSON.parse(savedUser.value) as typeof signIn.user;
  }

  const client: PartnerCenterClient = createPartnerCenterClient({ baseUrl: partnerCenterUrl, getAccessToken: () => signIn.getAccessToken(), locale });
  const agreements: AgreementsPort = agreementsFromClient(client);

  let engine: SyncEngine | null = null;
  const connectivity = new ConnectivityMonitor({
    clock,
    probe: () => client.probe(),
    ...(options.shell?.isOnline ? { osOnline: options.shell.isOnline } : {}),
    ...(options.probeIntervalMs ? { retryMs: options.probeIntervalMs, checkMs: options.probeIntervalMs * 5 } : {}),
    onChange: (state) => {
      emit('connectivity', state);
      if (engine) emit('sync', engine.status());
      if (state.online) engine?.kick();
    },
  });
  engine = new SyncEngine({
    outbox,
    statuses,
    agreements,
    connectivity,
    clock,
    ...(options.sync ? { settings: options.sync } : {}),
    onChange: (customerId) => {
      emit('sync', engine!.status());
      if (customerId) emit('customersChanged', { customerIds: [customerId] });
    },
  });
  const syncEngine = engine;

  const repos = { customers, statuses, outbox };
  const detailOf = (id: string) => {
    const detail = customerDetail(id, repos);
    if (!detail) throw new AppFailure('not-found', translate(locale, 'error.not-found', { id }));
    return detail;
  };

  const verifying = new Set<string>();
  /** Re-reads a customer and its agreement status in the background; the panel never waits. */
  const verifyInBackground = (id: string) => {
    const last = statuses.get(id)?.verifiedAt;
    if (!connectivity.online || verifying.has(id) || (last && clock.now().getTime() - Date.parse(last) < VERIFY_AFTER_MS)) return;
    verifying.add(id);
    const correlationId = newId();
    void (async () => {
      try {
        const c = await client.getCustomer(id, { correlationId });
        const b = c.billingProfile;
        customers.saveDetail(
          id,
          {
            id,
            companyName: c.companyProfile.companyName,
            domain: c.companyProfile.domain,
            relationship: c.relationshipToPartner,
            primaryContact:
              b?.firstName && b.lastName && b.email
                ? { firstName: b.firstName, lastName: b.lastName, email: b.email, ...(b.defaultAddress?.phoneNumber ? { phone: b.defaultAddress.phoneNumber } : {}) }
                : null,
          },
          iso(clock.now()),
        );
        await readStatus({ agreements, statuses, clock }, id, correlationId);
        emit('customersChanged', { customerIds: [id] });
      } catch (error) {
        if (isPartnerCenterError(error) && error.kind === 'network') connectivity.reportUnreachable();
      } finally {
        verifying.delete(id);
      }
    })();
  };

  const session = (): Session => {
    const user = signIn.user;
    return {
      profile,
      user: user ? { displayName: user.displayName, role: user.role } : null,
      canConfirm: user !== null && CONFIRM_ROLES.has(user.role) && profile.cloud === 'public',
      locale,
      cachedCustomers: customers.count(),
    };
  };

  let refreshing: Promise<{ customers: number; statuses: number }> | null = null;
  const refresh = () => {
    if (!connectivity.online) throw new AppFailure('offline', translate(locale, 'error.offline'));
    refreshing ??= refreshCustomers({
      client,
      agreements,
      customers,
      statuses,
      clock,
      onProgress: (progress) => emit('refresh', progress),
    })
      .catch((error: unknown) => {
        emit('refresh', { phase: 'failed', done: 0, total: null, message: error instanceof Error ? error.message : String(error) });
        if (isPartnerCenterError(error) && error.kind === 'network') connectivity.reportUnreachable();
        throw toFailure(error, locale);
      })
      .finally(() => {
        refreshing = null;
        emit('customersChanged', { customerIds: null });
      });
    return refreshing;
  };

  const handlers: Handlers = {
    getSession: () => session(),
    searchCustomers: ({ query, limit }) => customers.search(query, limit),
    getCustomer: ({ customerId }) => {
      const detail = detailOf(customerId);
      verifyInBackground(customerId);
      return detail;
    },
    refreshCustomers: () => refresh(),
    confirmAcceptance: ({ customerId, acceptance }) => {
      const current = session();
      if (!current.canConfirm) {
        throw new AppFailure('forbidden', translate(locale, 'error.forbidden', { role: current.user?.role ?? 'signed out' }));
      }
      // Re-check against the core's clock: the form's "today" is the operator's machine's.
      const checked = acceptanceSchema(() => localToday(clock.now())).safeParse(acceptance);
      if (!checked.success) throw invalidInput(checked.error.issues, ['acceptance'], locale);
      const customer = customers.get(customerId);
      if (!customer) throw new AppFailure('not-found', translate(locale, 'error.not-found', { id: customerId }));
      const queueItemId = outbox.enqueue(customer, checked.data, `operator:${current.user?.displayName ?? 'unknown'}`, iso(clock.now()));
      emit('customersChanged', { customerIds: [customerId] });
      syncEngine.kick();
      return { queueItemId, customer: detailOf(customerId) };
    },
    listQueue: ({ state }) => ({ items: outbox.list(state) }),
    getSyncStatus: () => syncEngine.status(),
    syncNow: async () => {
      if (!connectivity.online) await connectivity.check();
      syncEngine.kick();
      return syncEngine.status();
    },
    getConnectivity: () => connectivity.state(),
    setWorkOffline: ({ on }) => connectivity.setWorkOffline(on),
  };

  async function dispatch(name: CallName, rawInput: unknown): Promise<Result<unknown>> {
    const call = calls[name];
    if (!call) return { ok: false, error: { code: 'invalid-input', message: `Unknown call ${String(name)}.` } };
    const parsed = call.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error.issues, [], locale).toError() };
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = call.output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toFailure(error, locale).toError() };
    }
  }

  connectivity.start();
  syncEngine.kick();
  if (customers.count() === 0) void refresh().catch(() => undefined);

  return {
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      connectivity.close();
      await syncEngine.stop();
      await refreshing?.catch(() => undefined);
      db.close();
      await emulator?.close();
    },
    internals: { db, engine: syncEngine, connectivity, partnerCenterUrl },
  };
}

function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string[], locale: string): AppFailure {
  const mapped = issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message }));
  const text = mapped.map((i) => `${i.path.join('.')}: ${translate(locale, i.message)}`).join('; ');
  return new AppFailure('invalid-input', translate(locale, 'error.invalid-input', { issues: text }), { issues: mapped });
}

function toFailure(error: unknown, locale: string): AppFailure {
  if (error instanceof AppFailure) return error;
  if (isPartnerCenterError(error)) {
    if (error.kind === 'network' || error.kind === 'timeout') return new AppFailure('offline', translate(locale, 'error.unreachable', { message: error.message }));
    return new AppFailure('partner-center', translate(locale, 'error.partner-center', { message: error.message }), {
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      ...(error.code !== undefined ? { partnerCenterCode: error.code } : {}),
      ...(error.correlationId !== undefined ? { correlationId: error.correlationId } : {}),
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    });
  }
  return new AppFailure('internal', translate(locale, 'error.internal', { message: error instanceof Error ? error.message : String(error) }));
}
