import type { CallName, EventName, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Profile } from '../../shared/domain';
import type { SecretStore } from './auth/secret-store';
import type { Clock } from './clock';
import type { SyncSettings } from './sync/sync-engine';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * The core as the shells (Electron main, browser host, CLI) see it. `dispatch` validates the raw
 * input against the contract, runs the handler and validates the output; it never throws.
 */
export interface AppCore {
  dispatch(name: CallName, rawInput: unknown): Promise<Result<unknown>>;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Capabilities only a shell can give (Electron's net.isOnline, …). All optional. */
export interface ShellCapabilities {
  /** The OS's idea of connectivity; false means surely offline. */
  isOnline?: () => boolean;
  /**
   * Opens a sign-in page in the system browser (Electron: shell.openExternal). `authority` is the
   * profile's Entra ID authority the page must be on; the Electron shell opens nothing else.
   */
  openExternal?: (url: string, signIn: { authority: string }) => Promise<void>;
  /**
   * Where a profile's token cache is kept (Electron: safeStorage, or memory only when the OS
   * offers no protection). Absent: memory only.
   */
  secretStore?: (profileId: string) => Promise<SecretStore>;
}

/**
 * A profile's Partner Center: the real one of its cloud, or an emulator. The shells decide (and
 * start the built-in emulator for a built-in sandbox profile); `close` ends what they started.
 */
export interface PartnerCenterEndpoint {
  url: string;
  close(): Promise<void>;
}

export interface AppCoreOptions {
  /** Folder holding profiles/<id>/mca-desk.db and settings. */
  dataDir: string;
  /** Where a profile's Partner Center is, asked each time a profile opens; null: none (work offline). */
  partnerCenter: (profile: Profile) => Promise<PartnerCenterEndpoint | null>;
  shell?: ShellCapabilities;
  /** The system's locale (the OS's): what Settings → Language "System" means. Default en-US. */
  locale?: string;
  /**
   * `--lang` of the browser host and the CLI: the language of this run, over the installation's
   * choice, until the operator chooses one in Settings.
   */
  commandLineLocale?: string;
  /**
   * The desktop app's background work when a profile opens: probing the connection, sending what
   * is due, loading customers into an empty cache. Off for the CLI, which works in the foreground.
   * Default on.
   */
  background?: boolean;
  clock?: Clock;
  sync?: Partial<SyncSettings>;
  probeIntervalMs?: number;
  /** Per-request timeout of the Partner Center client. */
  timeoutMs?: number;
}
