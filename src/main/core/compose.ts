import type { Database } from 'better-sqlite3';
import type { EventName, EventPayload } from '../../shared/contract';
import type { Profile } from '../../shared/domain';
import type { PartnerCenterEndpoint, ShellCapabilities } from './app-core-types';
import { chooseSignIn } from './auth';
import type { SignIn } from './auth/sign-in';
import { systemClock, type Clock } from './clock';
import { AuditLog } from './confirmations/audit-log';
import { Outbox } from './confirmations/outbox';
import { CustomerRepo } from './customers/customer-repo';
import { StatusRepo } from './customers/status-repo';
import { SubscriptionsRepo } from './customers/subscriptions-repo';
import { createPartnerCenterClient, type PartnerCenterClient } from './partner-center';
import { pacerOfProfile } from './partner-center/learnt-pace';
import { builtInSandbox, profileDatabasePath } from './profiles';
import { openDatabase } from './store/database';
import { Meta } from './store/meta';
import type { AgreementsPort } from './sync/agreements-port';
import { ConnectivityMonitor } from './sync/connectivity';
import { agreementsFromClient, customersFromClient, requestsFromClient } from './sync/partner-center-agreements';
import { appTokenForPartnerCenter } from './auth/app-credential';
import { WebAppCredential } from './auth/web-app';
import { createAttestationClient } from './partner-center/attestation';
import { SyncEngine, type SyncSettings } from './sync/sync-engine';
import type { CreatedCustomerResult } from './sync/agreements-port';
import { REMEMBERED_USER_KEY, rememberedUserSchema, sessionOf } from './features/session';
import { engineSettings, readSettings } from './features/settings';

export type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * The composition root of one profile: everything a profile's features work with, built once
 * when it opens and closed together. The shells (Electron main, browser host, CLI) decide where
 * Partner Center is (and start the built-in emulator themselves); the core only talks HTTP to
 * the endpoint it is given.
 */
export interface ProfileOptions {
  dataDir: string;
  /** Default: the built-in sandbox. */
  profile?: Profile;
  /** The profile's Partner Center (or an emulator); null: none for this run (work offline). */
  partnerCenter: PartnerCenterEndpoint | null;
  /** The app's locale, read at each use: Settings → Language changes it at once. Default en-US. */
  locale?: () => string;
  /** Where events go (default: nowhere; scripts and tests that need no window). */
  emit?: Emit;
  clock?: Clock;
  sync?: Partial<SyncSettings>;
  probeIntervalMs?: number;
  /** Per-request timeout of the Partner Center client. */
  timeoutMs?: number;
  shell?: ShellCapabilities | undefined;
  /** Hold the sync engine until asked to send (the CLI). Default false. */
  holdSending?: boolean;
  /** A create-customer item created its customer: credentials only in memory. */
  onCustomerCreated?: (itemId: string, created: CreatedCustomerResult) => void;
}

/** The wired parts of an open profile; features take the few they need by name. */
export interface ProfileParts {
  clock: Clock;
  locale: string;
  profile: Profile;
  db: Database;
  customers: CustomerRepo;
  statuses: StatusRepo;
  subscriptions: SubscriptionsRepo;
  outbox: Outbox;
  audit: AuditLog;
  meta: Meta;
  signIn: SignIn;
  /** The web app credential of the attestation calls (app-only). */
  webApp: WebAppCredential;
  client: PartnerCenterClient;
  agreements: AgreementsPort;
  connectivity: ConnectivityMonitor;
  engine: SyncEngine;
  /** Where Partner Center answers ('http://partner-center.invalid' when there is none). */
  partnerCenterUrl: string;
  emit: Emit;
  close(): Promise<void>;
}

/** Where a run without Partner Center points: `.invalid` never resolves (RFC 2606), nothing leaves. */
export const NO_PARTNER_CENTER_URL = 'http://partner-center.invalid';

export async function openProfile(options: ProfileOptions): Promise<ProfileParts> {
  const profile = options.profile ?? builtInSandbox;
  const currentLocale = options.locale ?? (() => 'en-US');
  const locale = currentLocale();
  const emit: Emit = options.emit ?? (() => undefined);
  const clock = options.clock ?? systemClock;
  const endpoint = options.partnerCenter;
  const partnerCenterUrl = endpoint?.url ?? NO_PARTNER_CENTER_URL;

  const db = openDatabase(profileDatabasePath(options.dataDir, profile));
  // A step that fails after the database is open (sign-in, the web app credential) closes it again.
  try {
    const meta = new Meta(db);
    const customers = new CustomerRepo(db);
    // A first load cut by a crash left the search index unbuilt: built now, in the background (a
    // large cache takes seconds; names are found at once). A close in the middle stops it, and
    // the next start takes it up.
    void customers.buildSuspendedIndexes().catch(() => undefined);
    const statuses = new StatusRepo(db);
    const outbox = new Outbox(db);

    // Late-bound: sign-in announces auth changes (sign-in needed, signing in) as a new session.
    let opened: ProfileParts | null = null;
    const signIn = await chooseSignIn({
      profile,
      partnerCenterUrl: endpoint ? partnerCenterUrl : null,
      shell: options.shell,
      onChange: () => {
        if (!opened) return;
        try {
          // A role found later (Graph lookup after a restore) is remembered for offline starts.
          if (signIn.user) meta.set(REMEMBERED_USER_KEY, signIn.user);
          emit('sessionChanged', sessionOf(opened));
        } catch {
          // closing: nothing to announce
        }
      },
    });
    // Never a browser at start: who is signed in comes from the token cache or a sandbox sign-in,
    // else the account this profile remembers (offline included).
    await signIn.start(meta.get(REMEMBERED_USER_KEY, rememberedUserSchema));
    if (signIn.user) meta.set(REMEMBERED_USER_KEY, signIn.user);

    // One pace for the profile's Partner Center account: its limit is shared by every call, and
    // what was learnt of it is kept for the next run.
    const pacer = pacerOfProfile(meta);
    const client = createPartnerCenterClient({
      baseUrl: partnerCenterUrl,
      getAccessToken: () => signIn.getAccessToken(),
      locale,
      pacer,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const agreements = agreementsFromClient(client);
    const webApp = await WebAppCredential.open(profile, endpoint ? partnerCenterUrl : null, options.shell);
    const requests = requestsFromClient(
      createAttestationClient({ baseUrl: partnerCenterUrl, getAppToken: appTokenForPartnerCenter(webApp), locale, pacer, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }),
      partnerCenterUrl,
    );

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
    const syncEngine = new SyncEngine({
      outbox,
      statuses,
      agreements,
      customers: customersFromClient(client),
      requests,
      ...(options.onCustomerCreated ? { onCustomerCreated: options.onCustomerCreated } : {}),
      connectivity,
      clock,
      ...(options.sync ? { settings: options.sync } : {}),
      held: options.holdSending ?? false,
      onChange: (customerId) => {
        emit('sync', syncEngine.status());
        if (customerId) emit('customersChanged', { customerIds: [customerId] });
      },
    });
    engine = syncEngine;
    syncEngine.updateSettings(engineSettings(readSettings(meta, syncEngine)));
    if (!endpoint) connectivity.setWorkOffline(true);

    opened = {
      clock,
      get locale() {
        return currentLocale();
      },
      profile,
      db,
      customers,
      statuses,
      subscriptions: new SubscriptionsRepo(db),
      outbox,
      audit: new AuditLog(db),
      meta,
      signIn,
      webApp,
      client,
      agreements,
      connectivity,
      engine: syncEngine,
      partnerCenterUrl,
      emit,
      async close() {
        signIn.cancel();
        connectivity.close();
        await syncEngine.stop();
        db.close();
        await endpoint?.close();
      },
    };
    return opened;
  } catch (error) {
    db.close();
    throw error;
  }
}
