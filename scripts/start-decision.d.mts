import type { spawn } from 'node:child_process';

export type InstallOutcome = { ok: true } | { ok: false; reason: string };
export type StartDecision =
  | { kind: 'desktop'; binary: string; installed: boolean }
  | { kind: 'browser'; reason: string };

/** How long Electron's installer may take before `npm start` gives up on it. */
export const INSTALL_TIMEOUT_MS: number;

/** The desktop app, after Electron's installer if needed, else the browser host with the reason. */
export function decideStart(options: {
  findBinary: () => string | null;
  whyMissing: () => string;
  install: (() => Promise<InstallOutcome>) | null;
  skipReason?: string | null;
  onInstalling?: () => void;
}): Promise<StartDecision>;

/** The first non-empty line of `text`, at most 200 characters. */
export function firstLine(text: string): string;

/** Runs an installer to its end, at most `timeoutMs`; its output is kept for the reason, not shown. */
export function runInstaller(options: {
  command: string;
  args: string[];
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  spawnImpl?: typeof spawn;
}): Promise<InstallOutcome>;
