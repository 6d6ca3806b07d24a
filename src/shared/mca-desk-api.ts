import type { CallName, Calls, EventName, EventPayload, McaDeskApi, events } from './contract';
import type { Result } from './result';

/*
 * `window.mcaDesk` from the contract, once, over a transport: the preload passes Electron's IPC
 * (src/preload/index.ts), the browser host bridge passes fetch and Server-Sent Events
 * (src/renderer/bridge/http-bridge.ts). Pure and type-only imports: the sandboxed preload bundles
 * this file and must not carry zod and every schema just to learn the channel names.
 */

/**
 * The contract's channel names and nothing else. electron.vite.config.ts computes them from
 * src/shared/contract.ts at build time and inlines them into the preload; the browser host bridge
 * computes them at run time.
 */
export interface ContractChannels {
  calls: { readonly [K in CallName]: string };
  events: { readonly [K in EventName]: string };
}

export function channelsOf(contractCalls: Calls, contractEvents: typeof events): ContractChannels {
  const names = <T extends Record<string, { channel: string }>>(entries: T) =>
    Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, entry.channel])) as {
      [K in keyof T]: string;
    };
  return { calls: names(contractCalls), events: names(contractEvents) };
}

/** How calls and events travel between the page and the core. */
export interface ApiTransport {
  /** Who answers the calls, as the start of the error when it does not ("The main process"). */
  peer: string;
  /** Sends one call on its channel; resolves with the core's answer (a Result). */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to a channel; returns the function that removes exactly this subscription. */
  listen(channel: string, listener: (payload: unknown) => void): () => void;
}

type CallFunctions = { [K in CallName]: McaDeskApi[K] };

/**
 * One function per contract call (input `{}` when none is given; a transport failure becomes an
 * `internal` error result, never a rejection) and `on(event, listener)`, which refuses an event
 * the contract does not have. Nothing else of the transport reaches the page.
 */
export function buildMcaDeskApi(transport: ApiTransport, channels: ContractChannels): McaDeskApi {
  const callFunctions = Object.fromEntries(
    Object.entries(channels.calls).map(([name, channel]) => [
      name,
      async (input: unknown): Promise<Result<unknown>> => {
        try {
          return (await transport.invoke(channel, input ?? {})) as Result<unknown>;
        } catch (error) {
          // Only when nothing answers (no handler, the core going away, the host gone); handlers never throw.
          return { ok: false, error: { code: 'internal', message: `${transport.peer} did not answer: ${String(error)}` } };
        }
      },
    ]),
  ) as CallFunctions;

  const api = {
    ...callFunctions,
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
      if (!Object.hasOwn(channels.events, event)) throw new Error(`mcaDesk.on: unknown event "${String(event)}"`);
      if (typeof listener !== 'function') throw new Error('mcaDesk.on: the listener must be a function');
      return transport.listen(channels.events[event], (payload) => listener(payload as EventPayload<K>));
    },
  } satisfies McaDeskApi;
  return api;
}
