import type { CallName, EventName, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { SecretStore } from './auth/secret-store';

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
  /** Opens a URL in the system browser (Electron: shell.openExternal): the sign-in page. */
  openExternal?: (url: string) => Promise<void>;
  /**
   * Where a profile's token cache is kept (Electron: safeStorage, or memory only when the OS
   * offers no protection). Absent: memory only.
   */
  secretStore?: (profileId: string) => Promise<SecretStore>;
}

export interface AppCoreOptions {
  /** Folder holding profiles/<id>/mca-desk.db and settings. */
  dataDir: string;
  /** Use this Partner Center (emulator) URL instead of starting the built-in emulator. */
  partnerCenterUrl?: string;
  shell?: ShellCapabilities;
  locale?: string;
}
