import type { z } from 'zod';
import { calls, type CallName, type Calls, type EventName, type EventPayload } from '../../shared/contract';
import type { CustomerCredentials } from '../../shared/domain';
import { translate } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import type { AppCore, AppCoreOptions, EventListener } from './app-core-types';
import { AppFailure, invalidInput, toFailure } from './app-failure';
import { iso, newId } from './clock';
import { createCustomer, checkDomain, editNewCustomer } from './customers/new-customer';
import { readStatus, refreshCustomers } from './customers/refresh';
import { changeQuantity, listOffers, listSubscriptions, placeOrder } from './orders/orders';
import { isPartnerCenterError } from './partner-center';
import { ProfileError, ProfileRegistry } from './profiles';
import {
  actorOf,
  cacheCustomer,
  checkAcceptance,
  detailOf,
  openServices,
  operatorView,
  readSettings,
  requireConfirmRole,
  saveConfirmation,
  sessionOf,
  updateSettings,
  USER_KEY,
  verifyNow,
  type Services,
  type ServicesOptions,
} from './services';

type Handler<K extends CallName> = (input: z.output<Calls[K]['input']>) => Promise<z.input<Calls[K]['output']>> | z.input<Calls[K]['output']>;
type Handlers = { [K in CallName]: Handler<K> };
type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export type StartOptions = AppCoreOptions & Omit<ServicesOptions, 'emit' | 'partnerCenterUrl' | 'dataDir' | 'shell' | 'locale' | 'profile' | 'onCustomerCreated'>;

/** Re-read an opened customer from Partner Center at most this often. */
const VERIFY_AFTER_MS = 60_000;

/** What belongs to the open profile: its services and the work running on them. */
interface ProfileRuntime {
  s: Services;
  handlers: Omit<Handlers, 'listProfiles' | 'createProfile' | 'switchProfile' | 'setConfirmationMethod'>;
  close(): Promise<void>;
}

/**
 * The app's core behind the contract: every call validated in and out, every failure typed. One
 * profile is open at a time; switching closes its services (database, emulator, sync) and opens
 * the other's, so data never mixes.
 */
export async function startAppCore(options: StartOptions): Promise<AppCore & { internals: Services }> {
  const listeners = new Set<EventListener>();
  const emit: Emit = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  const registry = new ProfileRegistry(options.dataDir);
  const locale = options.locale ?? 'en-US';

  const open = async (): Promise<ProfileRuntime> => {
    const profile = registry.active();
    const credentials = new Map<string, CustomerCredentials>();
    let runtime: ProfileRuntime | null = null;
    const s = await openServices({
      ...options,
      profile,
      // An explicit Partner Center URL (browser host --emulator) stands in for the built-in one.
      ...(options.partnerCenterUrl && profile.environment === 'built-in-sandbox' ? { partnerCenterUrl: options.partnerCenterUrl } : {}),
      emit,
      onCustomerCreated: (itemId, created) => {
        if (!runtime) return;
        runtime.s.customers.upsertMany([{ id: created.customerId, companyName: created.companyName, domain: created.domain, relationship: 'reseller' }], 'created', iso(runtime.s.clock.now()));
        // The password lives in memory until the operator has seen it once; never on disk.
        if (created.credentials) credentials.set(itemId, { customerId: created.customerId, companyName: created.companyName, ...created.credentials });
        emit('customerCreated', { queueItemId: itemId, customerId: created.customerId, companyName: created.companyName, credentialsAvailable: created.credentials !== null });
        emit('customersChanged', { customerIds: null });
      },
    });
    runtime = createRuntime(s, emit, credentials);
    return runtime;
  };

  let current = await open();

  const switchProfile = async (profileId: string) => {
    if (current.s.profile.id === profileId) return sessionOf(current.s);
    registry.setActive(profileId);
    await current.close();
    current = await open();
    const session = sessionOf(current.s);
    emit('sessionChanged', session);
    return session;
  };

  const profileHandlers: Pick<Handlers, 'listProfiles' | 'createProfile' | 'switchProfile' | 'setConfirmationMethod'> = {
    setConfirmationMethod: ({ method }) => {
      requireConfirmRole(current.s);
      const profile = registry.update(current.s.profile.id, { confirmationMethod: method });
      current.s.profile = profile;
      current.s.audit.append({ at: iso(current.s.clock.now()), actor: actorOf(current.s), action: 'operator.confirmation-method', details: { method } });
      const session = sessionOf(current.s);
      emit('sessionChanged', session);
      return session;
    },
    listProfiles: () => ({ profiles: registry.list(), activeId: current.s.profile.id }),
    createProfile: (input) => {
      const profile = registry.create(input);
      current.s.audit.append({ at: iso(current.s.clock.now()), actor: actorOf(current.s), action: 'operator.profile-created', details: { name: profile.name, cloud: profile.cloud, environment: profile.environment } });
      return profile;
    },
    switchProfile: ({ profileId }) => switchProfile(profileId),
  };

  async function dispatch(name: CallName, rawInput: unknown): Promise<Result<unknown>> {
    const call = calls[name];
    if (!call) return { ok: false, error: { code: 'invalid-input', message: `Unknown call ${String(name)}.` } };
    const parsed = call.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error.issues, [], locale).toError() };
    try {
      const handler = (name in profileHandlers ? profileHandlers[name as keyof typeof profileHandlers] : current.handlers[name as keyof ProfileRuntime['handlers']]) as (input: unknown) => unknown;
      return { ok: true, value: call.output.parse(await handler(parsed.data)) };
    } catch (error) {
      if (error instanceof ProfileError) {
        const failure = error.field
          ? invalidInput([{ path: [error.field], message: error.key }], [], locale)
          : new AppFailure('not-found', translate(locale, error.key, error.params));
        return { ok: false, error: failure.toError() };
      }
      return { ok: false, error: toFailure(error, locale).toError() };
    }
  }

  return {
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => current.close(),
    get internals() {
      return current.s;
    },
  };
}

function notYet(locale: string): never {
  throw new AppFailure('internal', translate(locale, 'error.internal', { message: 'not available in this build yet' }));
}

/** The handlers of one open profile, and the background work they start. */
function createRuntime(s: Services, emit: Emit, credentials: Map<string, CustomerCredentials>): ProfileRuntime {
  const { customers, connectivity, engine, clock, locale } = s;
  const mcaAvailable = s.profile.cloud === 'public';

  // Work started in the background (re-reads) is awaited on close, so nothing touches a closed store.
  const background = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  const verify = async (id: string) => {
    await verifyNow(s, id);
    emit('customersChanged', { customerIds: [id] });
  };

  const verifying = new Set<string>();
  /** Re-reads a customer and its agreement status in the background; the panel never waits. */
  const verifyInBackground = (id: string) => {
    // Gate on the last read by id: the refresh's status sweep does not read the primary contact.
    const last = customers.get(id)?.detailReadAt;
    if (!connectivity.online || verifying.has(id) || (last && clock.now().getTime() - Date.parse(last) < VERIFY_AFTER_MS)) return;
    verifying.add(id);
    track(
      (async () => {
        try {
          await verify(id);
        } catch {
          // A background re-read that fails leaves the panel as it was (a network failure has
          // already marked Partner Center unreachable).
        } finally {
          verifying.delete(id);
        }
      })(),
    );
  };

  let refreshing: Promise<{ customers: number; statuses: number }> | null = null;
  let refreshAbort: AbortController | null = null;
  const refresh = () => {
    if (!connectivity.online) throw new AppFailure('offline', translate(locale, 'error.offline'));
    if (!refreshing) refreshAbort = new AbortController();
    refreshing ??= refreshCustomers({ ...s, readStatuses: mcaAvailable, signal: refreshAbort!.signal, onProgress: (progress) => emit('refresh', progress) })
      .catch((error: unknown) => {
        emit('refresh', { phase: 'failed', done: 0, total: null, message: error instanceof Error ? error.message : String(error) });
        if (isPartnerCenterError(error) && error.kind === 'network') connectivity.reportNetworkFailure();
        throw toFailure(error, locale);
      })
      .finally(() => {
        refreshing = null;
        emit('customersChanged', { customerIds: null });
      });
    return refreshing;
  };

  const afterQueueChange = (customerId: string | null) => {
    engine.kick();
    emit('sync', engine.status());
    emit('customersChanged', { customerIds: customerId ? [customerId] : null });
  };
  const audit = (action: string, details?: Record<string, unknown>) => s.audit.append({ at: iso(clock.now()), actor: actorOf(s), action, ...(details ? { details } : {}) });

  const handlers: ProfileRuntime['handlers'] = {
    getSession: () => sessionOf(s),
    searchCustomers: ({ query, limit }) => customers.search(query, limit),
    getCustomer: ({ customerId }) => {
      const detail = detailOf(s, customerId);
      verifyInBackground(customerId);
      return detail;
    },
    verifyCustomer: async ({ customerId }) => {
      detailOf(s, customerId);
      if (!connectivity.online) throw new AppFailure('offline', translate(locale, 'error.offline'));
      await verify(customerId);
      return detailOf(s, customerId);
    },
    refreshCustomers: () => {
      audit('operator.refresh');
      return refresh();
    },
    cancelRefresh: () => {
      const running = refreshing !== null && refreshAbort !== null && !refreshAbort.signal.aborted;
      refreshAbort?.abort();
      return { cancelled: running };
    },
    confirmAcceptance: ({ customerId, acceptance }) => {
      const queueItemId = saveConfirmation(s, customerId, acceptance);
      afterQueueChange(customerId);
      return { queueItemId, customer: detailOf(s, customerId) };
    },
    checkDomain: ({ domainPrefix }) => checkDomain(s, domainPrefix),
    createCustomer: async (input) => {
      const saved = await createCustomer(s, input);
      afterQueueChange(null);
      return saved;
    },
    takeCustomerCredentials: ({ queueItemId }) => {
      const found = credentials.get(queueItemId) ?? null;
      credentials.delete(queueItemId);
      return found;
    },
    editNewCustomer: ({ queueItemId, customer }) => {
      const item = editNewCustomer(s, queueItemId, customer);
      afterQueueChange(null);
      return item;
    },
    listSubscriptions: ({ customerId }) => listSubscriptions(s, customerId),
    listOffers: ({ customerId }) => listOffers(s, customerId),
    changeQuantity: async ({ customerId, subscriptionId, quantity }) => {
      try {
        return await changeQuantity(s, customerId, subscriptionId, quantity);
      } finally {
        afterQueueChange(customerId);
      }
    },
    placeOrder: async ({ customerId, offerId, quantity }) => {
      try {
        return await placeOrder(s, customerId, offerId, quantity);
      } finally {
        afterQueueChange(customerId);
      }
    },
    listQueue: ({ state }) => ({ items: s.outbox.list(state) }),
    getQueueItemHistory: ({ itemId }) => ({ attempts: s.outbox.history(itemId) }),
    retryItem: ({ itemId }) => {
      requireConfirmRole(s);
      const item = s.outbox.retry(itemId, actorOf(s), iso(clock.now()));
      afterQueueChange(item.customerId);
      return item;
    },
    editAndRetryItem: ({ itemId, acceptance }) => {
      const checked = checkAcceptance(s, acceptance);
      const item = s.outbox.editAndRetry(itemId, checked, operatorView(s, s.outbox.get(itemId)?.customerId ?? ''), actorOf(s), iso(clock.now()));
      afterQueueChange(item.customerId);
      return item;
    },
    sendAnyway: ({ itemId }) => {
      requireConfirmRole(s);
      const item = s.outbox.sendAnyway(itemId, actorOf(s), iso(clock.now()));
      afterQueueChange(item.customerId);
      return item;
    },
    // Customer acceptance requests: being built (issue 12); each answers a typed refusal until then.
    requestAcceptance: () => notYet(locale),
    watchAdminCenterAcceptance: () => notYet(locale),
    checkNow: () => notYet(locale),
    sendNewRequest: () => notYet(locale),
    convertToRequest: () => notYet(locale),
    setWebAppKey: () => notYet(locale),
    clearWebAppKey: () => notYet(locale),
    discardItem: ({ itemId, reason }) => {
      requireConfirmRole(s);
      const item = s.outbox.discard(itemId, reason, actorOf(s), iso(clock.now()));
      afterQueueChange(item.customerId);
      return item;
    },
    listActivity: ({ limit }) => ({
      entries: s.audit.list(limit).map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        details: e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : null,
      })),
    }),
    getSettings: () => readSettings(s.meta, engine),
    updateSettings: (change) => {
      requireConfirmRole(s);
      return updateSettings(s, change, actorOf(s));
    },
    signIn: async () => {
      // A refused sign-in (cancelled, timed out, MFA missing) answers a typed error in plain
      // words; the session's auth state keeps the reason for the banner.
      const user = await s.signIn.signIn();
      s.meta.set(USER_KEY, user);
      audit('operator.sign-in', { role: user.role });
      engine.signedIn();
      // A profile signed in for the first time has nothing cached yet: load the customers.
      if (customers.count() === 0 && connectivity.online) void Promise.resolve().then(refresh).catch(() => undefined);
      const session = sessionOf(s);
      emit('sessionChanged', session);
      return session;
    },
    cancelSignIn: () => ({ cancelled: s.signIn.cancel() }),
    signOut: async () => {
      audit('operator.sign-out');
      await s.signIn.signOut();
      s.meta.delete(USER_KEY);
      const session = sessionOf(s);
      emit('sessionChanged', session);
      return session;
    },
    getSyncStatus: () => engine.status(),
    syncNow: async () => {
      audit('operator.sync-now');
      if (!connectivity.online) await connectivity.check();
      engine.kick();
      return engine.status();
    },
    getConnectivity: () => connectivity.state(),
    setWorkOffline: ({ on }) => {
      if (connectivity.state().workOffline !== on) audit(on ? 'operator.work-offline' : 'operator.work-online');
      return connectivity.setWorkOffline(on);
    },
  };

  connectivity.start();
  engine.kick();
  if (customers.count() === 0) void Promise.resolve().then(refresh).catch(() => undefined);

  return {
    s,
    handlers,
    async close() {
      refreshAbort?.abort();
      await refreshing?.catch(() => undefined);
      await Promise.allSettled([...background]);
      credentials.clear();
      await s.close();
    },
  };
}
