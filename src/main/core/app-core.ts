import type { z } from 'zod';
import { calls, type CallName, type Calls, type EventName, type EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { effectiveLocale } from '../../shared/i18n';
import { quoteInput } from '../../shared/quote-input';
import type { AppCore, AppCoreOptions, EventListener } from './app-core-types';
import { describeFailure, invalidInput } from './app-failure';
import { openProfile, type ProfileParts } from './compose';
import { createActivityFeature } from './features/activity';
import { createConfirmationsFeature } from './features/confirmations';
import { createCoverageFeature } from './features/coverage';
import { createCustomersFeature } from './features/customers';
import { createImportFeature } from './features/import';
import { createNewCustomersFeature } from './features/new-customers';
import { createOrdersFeature } from './features/orders';
import { createProfilesFeature } from './features/profiles';
import { createRefreshFeature } from './features/refresh';
import { createRequestsFeature } from './features/requests';
import { createSessionFeature } from './features/session';
import { createSettingsFeature } from './features/settings';
import { createSyncFeature } from './features/sync';
import { ProfileRegistry } from './profiles';
import { CallGate } from './call-gate';
import { ensurePrivateDir, makePrivate } from './store/private-files';

type Handler<K extends CallName> = (input: z.output<Calls[K]['input']>) => Promise<z.input<Calls[K]['output']>> | z.input<Calls[K]['output']>;
type Handlers = { [K in CallName]: Handler<K> };
type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** The features of one open profile, each with the parts it needs. */
function createFeatures(p: ProfileParts, background: boolean) {
  const refresh = createRefreshFeature(p);
  return {
    session: createSessionFeature(p, { signedIn: refresh.loadIfEmpty }),
    customers: createCustomersFeature(p, { verifyOpened: background }),
    refresh,
    confirmations: createConfirmationsFeature(p),
    requests: createRequestsFeature(p),
    import: createImportFeature(p),
    newCustomers: createNewCustomersFeature(p),
    orders: createOrdersFeature(p),
    settings: createSettingsFeature(p),
    activity: createActivityFeature(p),
    sync: createSyncFeature(p),
    coverage: createCoverageFeature(p),
  };
}
type Features = ReturnType<typeof createFeatures>;
type ProfileCalls = 'listProfiles' | 'createProfile' | 'switchProfile' | 'setConfirmationMethod' | 'setWebAppKey' | 'clearWebAppKey' | 'getLanguage' | 'setLanguage';

/**
 * Every call of the contract (src/shared/contract.ts), and the feature function that answers it
 * (the profile calls — list, create, switch, a profile's settings — are answered above the open
 * profile, in features/profiles.ts).
 * To add a call: its schema in the contract, its function in a feature module, its line here.
 */
function handlersOf(f: Features): Omit<Handlers, ProfileCalls> {
  return {
    getSession: f.session.getSession,
    signIn: f.session.signIn,
    cancelSignIn: f.session.cancelSignIn,
    signOut: f.session.signOut,

    searchCustomers: f.customers.searchCustomers,
    getCustomer: f.customers.getCustomer,
    verifyCustomer: f.customers.verifyCustomer,
    refreshCustomers: f.refresh.refreshCustomers,
    cancelRefresh: f.refresh.cancelRefresh,
    getRefreshProgress: f.refresh.progress,

    confirmAcceptance: f.confirmations.confirmAcceptance,
    listQueue: f.confirmations.listQueue,
    getQueueItemHistory: f.confirmations.getQueueItemHistory,
    retryItem: f.confirmations.retryItem,
    editAndRetryItem: f.confirmations.editAndRetryItem,
    sendAnyway: f.confirmations.sendAnyway,
    discardItem: f.confirmations.discardItem,

    requestAcceptance: f.requests.requestAcceptance,
    watchAdminCenterAcceptance: f.requests.watchAdminCenterAcceptance,
    checkNow: f.requests.checkNow,
    sendNewRequest: f.requests.sendNewRequest,
    convertToRequest: f.requests.convertToRequest,

    importPreview: f.import.importPreview,
    importQueue: f.import.importQueue,

    checkDomain: f.newCustomers.checkDomain,
    createCustomer: f.newCustomers.createCustomer,
    takeCustomerCredentials: f.newCustomers.takeCustomerCredentials,
    editNewCustomer: f.newCustomers.editNewCustomer,

    listSubscriptions: f.orders.listSubscriptions,
    listOffers: f.orders.listOffers,
    changeQuantity: f.orders.changeQuantity,
    placeOrder: f.orders.placeOrder,

    listActivity: f.activity.listActivity,
    verifyActivity: f.activity.verifyActivity,
    exportActivity: f.activity.exportActivity,
    getSettings: f.settings.getSettings,
    updateSettings: f.settings.updateSettings,
    getCoverage: f.coverage.getCoverage,
    listCoverage: f.coverage.listCoverage,
    planBulkRequest: f.coverage.planBulkRequest,
    requestAcceptanceBulk: f.coverage.requestAcceptanceBulk,

    getSyncStatus: f.sync.getSyncStatus,
    syncNow: f.sync.syncNow,
    getConnectivity: f.sync.getConnectivity,
    setWorkOffline: f.sync.setWorkOffline,
  };
}

/** What belongs to the open profile: its parts, its features and their handlers. */
interface ProfileRuntime {
  parts: ProfileParts;
  features: Features;
  handlers: Omit<Handlers, ProfileCalls>;
  /** Cancels what may run long (a refresh, a browser sign-in), so the calls waiting on it answer. */
  interrupt(): void;
  close(): Promise<void>;
}

/**
 * The app's core behind the contract: every call validated in and out, every failure typed and
 * put into words once. One profile is open at a time; switching closes its parts (database, sync,
 * its Partner Center endpoint) and opens the other's, so data never mixes. Calls and switches take
 * turns (call-gate.ts): no call ever meets a closed profile, and two switches run one after the other.
 */
export async function startAppCore(options: AppCoreOptions): Promise<AppCore & { readonly internals: ProfileParts; readonly features: Features }> {
  const listeners = new Set<EventListener>();
  const emit: Emit = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  // Customers' personal data: the data folder is the user's alone, and one written by an earlier
  // version (folders 0755, files 0644) is corrected here, whichever shell opens it.
  ensurePrivateDir(options.dataDir);
  makePrivate(options.dataDir);
  const registry = new ProfileRegistry(options.dataDir);
  const systemLocale = options.commandLineLocale ?? options.locale ?? 'en-US';
  let locale = options.commandLineLocale ?? effectiveLocale(registry.language(), systemLocale);
  const background = options.background ?? true;

  const open = async (): Promise<ProfileRuntime> => {
    const profile = registry.active();
    let features: Features | null = null;
    const parts = await openProfile({
      dataDir: options.dataDir,
      profile,
      partnerCenter: await options.partnerCenter(profile),
      locale: () => locale,
      emit,
      shell: options.shell,
      holdSending: !background,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.sync ? { sync: options.sync } : {}),
      ...(options.probeIntervalMs ? { probeIntervalMs: options.probeIntervalMs } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      onCustomerCreated: (itemId, created) => features?.newCustomers.customerCreated(itemId, created),
    });
    features = createFeatures(parts, background);
    const opened = features;
    if (background) {
      parts.connectivity.start();
      parts.engine.kick();
      opened.refresh.loadIfEmpty();
    }
    return {
      parts,
      features: opened,
      handlers: handlersOf(opened),
      interrupt() {
        opened.refresh.cancelRefresh();
        parts.signIn.cancel();
      },
      async close() {
        await opened.refresh.close();
        await opened.customers.close();
        opened.newCustomers.close();
        await parts.close();
      },
    };
  };

  let current = await open();
  const gate = new CallGate();
  /** Closes the open profile once the calls running on it are done (long ones cancelled). */
  const closeCurrent = async () => {
    current.interrupt();
    await gate.drained();
    await current.close();
  };
  const profiles = createProfilesFeature({
    registry,
    current: () => current.parts,
    // Runs inside gate.hold (dispatch below): calls arriving meanwhile wait for the new profile.
    switchTo: async (profileId) => {
      const previous = current.parts.profile.id;
      registry.setActive(profileId);
      await closeCurrent();
      try {
        current = await open();
      } catch (error) {
        // The other profile did not open (a newer database, its Partner Center not starting):
        // the previous one opens again, so calls keep working, and the switch answers the failure.
        registry.setActive(previous);
        current = await open();
        throw error;
      }
      return current.parts;
    },
    systemLocale,
    languageChanged: () => {
      locale = effectiveLocale(registry.language(), systemLocale);
    },
  });

  async function dispatch(name: CallName, rawInput: unknown): Promise<Result<unknown>> {
    const call = calls[name];
    if (!call) return { ok: false, error: { code: 'invalid-input', message: `Unknown call ${quoteInput(String(name))}.` } };
    const parsed = call.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: describeFailure(invalidInput(parsed.error.issues), locale) };
    try {
      const answer = async () => {
        const handler = (name in profiles ? profiles[name as ProfileCalls] : current.handlers[name as Exclude<CallName, ProfileCalls>]) as (input: unknown) => unknown;
        return call.output.parse(await handler(parsed.data));
      };
      // A switch runs alone; every other call runs against the profile open when it starts.
      return { ok: true, value: await (name === 'switchProfile' ? gate.hold(answer) : gate.call(answer)) };
    } catch (error) {
      return { ok: false, error: describeFailure(error, locale) };
    }
  }

  return {
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => gate.hold(closeCurrent),
    get internals() {
      return current.parts;
    },
    get features() {
      return current.features;
    },
  };
}
