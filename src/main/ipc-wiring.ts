import { callNames, calls, events, type CallName } from '../shared/contract';
import type { Result } from '../shared/result';
import type { AppCore } from './core/app-core-types';
import { senderProblem, type AppLocation, type SenderInfo } from './policy';

/*
 * The contract wired onto an ipcMain-like object. Electron-free so the tests drive it with fakes;
 * src/main/ipc.ts passes the real ipcMain and reads SenderInfo off Electron's event.
 */

/** The part of Electron's `ipcMain` used here. */
export interface InvokeRegistry<E> {
  handle(channel: string, listener: (event: E, input: unknown) => Promise<Result<unknown>>): void;
}

export interface WireCallsOptions<E> {
  /** Resolves once the core is up; a rejection is answered as an 'internal' error. */
  core: () => Promise<Pick<AppCore, 'dispatch'>>;
  describeSender: (event: E) => SenderInfo;
  app: AppLocation;
  /** Told about each refused message (no payload: it may hold personal data). */
  onRefused?: (name: CallName, reason: string) => void;
}

/** Registers one handler per call of the contract. Each handler never throws. */
export function wireCalls<E>(registry: InvokeRegistry<E>, options: WireCallsOptions<E>): void {
  for (const name of callNames) {
    registry.handle(calls[name].channel, async (event, input) => {
      const problem = senderProblem(options.describeSender(event), options.app);
      if (problem !== null) {
        options.onRefused?.(name, problem);
        return { ok: false, error: { code: 'forbidden', message: problem } };
      }
      let core: Pick<AppCore, 'dispatch'>;
      try {
        core = await options.core();
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: `MCA Desk could not start: ${messageOf(error)}` } };
      }
      // dispatch validates `input` with the contract's schema and never throws.
      return core.dispatch(name, input);
    });
  }
}

/** Forwards every core event to `send` on the event's channel. Returns the unsubscribe function. */
export function forwardEvents(
  core: Pick<AppCore, 'subscribe'>,
  send: (channel: string, payload: unknown) => void,
): () => void {
  return core.subscribe((name, payload) => send(events[name].channel, payload));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
