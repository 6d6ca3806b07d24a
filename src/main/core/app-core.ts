import type { z } from 'zod';
import { calls, type CallName, type Calls, type EventName, type EventPayload } from '../../shared/contract';
import { translate } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import type { AppCore, AppCoreOptions, EventListener } from './app-core-types';
import { AppFailure, invalidInput, toFailure } from './app-failure';
import { newId } from './clock';
import { readStatus, refreshCustomers } from './customers/refresh';
import { isPartnerCenterError } from './partner-center';
import { iso } from './clock';
import {
  actorOf,
  cacheCustomer,
  checkAcceptance,
  detailOf,
  openServices,
  readSettings,
  requireConfirmRole,
  saveConfirmation,
  sessionOf,
  updateSettings,
  type Services,
  type ServicesOptions,
} from './services';

type Handlers = { [K in CallName]: (input: z.output<Calls[K]['input']>) => Promise<z.input<Calls[K]['output']>> | z.input<Calls[K]['output']> };

export type StartOptions = AppCoreOptions & Omit<ServicesOptions, 'emit' | 'partnerCenterUrl' | 'dataDir' | 'shell' | 'locale'>;

/** Re-read an opened customer from Partner Center at most this often. */
const VERIFY_AFTER_MS = 60_000;

/**
 * The app's core behind the contract: every call validated in and out, every failure typed.
 * On start it syncs what is queued and, on an empty cache, loads the customers.
 */
export async function startAppCore(options: StartOptions): Promise<AppCore & { internals: Services }> {
  const listeners = new Set<EventListener>();
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    for (const listener of listeners) listener(name, payload);
  };
  const s = await openServices({ ...options, emit });
  const { customers, connectivity, engine, clock, locale } = s;

  // Work started in the background (re-reads) is awaited on close, so nothing touches a closed store.
  const background = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  const verifying = new Set<string>();
  /** Re-reads a customer and its agreement status in the background; the panel never waits. */
  const verifyInBackground = (id: string) => {
    // Gate on the last read by id: the refresh's status sweep does not read the primary contact.
    const last = customers.get(id)?.detailReadAt;
    if (!connectivity.online || verifying.has(id) || (last && clock.now().getTime() - Date.parse(last) < VERIFY_AFTER_MS)) return;
    verifying.add(id);
    const correlationId = newId();
    track((async () => {
      try {
        cacheCustomer(s, await s.client.getCustomer(id, { correlationId }));
        await readStatus(s, id, correlationId);
        emit('customersChanged', { customerIds: [id] });
      } catch (error) {
        if (isPartnerCenterError(error) && error.kind === 'network') connectivity.reportUnreachable();
      } finally {
        verifying.delete(id);
      }
    })());
  };

  let refreshing: Promise<{ customers: number; statuses: number }> | null = null;
  let refreshAbort: AbortController | null = null;
  const refresh = () => {
    if (!connectivity.online) throw new AppFailure('offline', translate(locale, 'error.offline'));
    if (!refreshing) refreshAbort = new AbortController();
    refreshing ??= refreshCustomers({ ...s, signal: refreshAbort!.signal, onProgress: (progress) => emit('refresh', progress) })
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

  const afterQueueChange = (customerId: string) => {
    engine.kick();
    emit('sync', engine.status());
    emit('customersChanged', { customerIds: [customerId] });
  };

  const handlers: Handlers = {
    getSession: () => sessionOf(s),
    searchCustomers: ({ query, limit }) => customers.search(query, limit),
    getCustomer: ({ customerId }) => {
      const detail = detailOf(s, customerId);
      verifyInBackground(customerId);
      return detail;
    },
    refreshCustomers: () => {
      s.audit.append({ at: iso(clock.now()), actor: actorOf(s), action: 'operator.refresh' });
      return refresh();
    },
    cancelRefresh: () => {
      const running = refreshing !== null && refreshAbort !== null && !refreshAbort.signal.aborted;
      refreshAbort?.abort();
      return { cancelled: running };
    },
    confirmAcceptance: ({ customerId, acceptance }) => {
      const queueItemId = saveConfirmation(s, customerId, acceptance);
      engine.kick();
      emit('customersChanged', { customerIds: [customerId] });
      return { queueItemId, customer: detailOf(s, customerId) };
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
      const item = s.outbox.editAndRetry(itemId, checked, actorOf(s), iso(clock.now()));
      afterQueueChange(item.customerId);
      return item;
    },
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
    getSettings: () => readSettings(s.db, engine),
    updateSettings: (change) => {
      requireConfirmRole(s);
      return updateSettings(s, change, actorOf(s));
    },
    getSyncStatus: () => engine.status(),
    syncNow: async () => {
      s.audit.append({ at: iso(clock.now()), actor: actorOf(s), action: 'operator.sync-now' });
      if (!connectivity.online) await connectivity.check();
      engine.kick();
      return engine.status();
    },
    getConnectivity: () => connectivity.state(),
    setWorkOffline: ({ on }) => {
      if (connectivity.state().workOffline !== on) s.audit.append({ at: iso(clock.now()), actor: actorOf(s), action: on ? 'operator.work-offline' : 'operator.work-online' });
      return connectivity.setWorkOffline(on);
    },
  };

  async function dispatch(name: CallName, rawInput: unknown): Promise<Result<unknown>> {
    const call = calls[name];
    if (!call) return { ok: false, error: { code: 'invalid-input', message: `Unknown call ${String(name)}.` } };
    const parsed = call.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error.issues, [], locale).toError() };
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      return { ok: true, value: call.output.parse(await handler(parsed.data)) };
    } catch (error) {
      return { ok: false, error: toFailure(error, locale).toError() };
    }
  }

  connectivity.start();
  engine.kick();
  if (customers.count() === 0) void refresh().catch(() => undefined);

  return {
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      refreshAbort?.abort();
      await refreshing?.catch(() => undefined);
      await Promise.allSettled([...background]);
      await s.close();
    },
    internals: s,
  };
}
