import type { CallName, EventName, EventPayload, McaDeskApi } from '../shared/contract';
import type { Result } from '../shared/result';
import type { ContractChannels } from './channels';

/*
 * `window.mcaDesk` built from the contract's channel names over two primitives, so it is tested
 * without Electron. The preload passes ipcRenderer.invoke and ipcRenderer.on/removeListener;
 * nothing else of ipcRenderer reaches the page. Type-only imports: no zod in the preload bundle.
 */

export interface IpcPrimitives {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to a channel; returns the function that removes exactly this subscription. */
  listen(channel: string, listener: (payload: unknown) => void): () => void;
}

type CallFunctions = { [K in CallName]: McaDeskApi[K] };

export function buildMcaDeskApi(ipc: IpcPrimitives, channels: ContractChannels): McaDeskApi {
  const callFunctions = Object.fromEntries(
    Object.entries(channels.calls).map(([name, channel]) => [
      name,
      async (input: unknown): Promise<Result<unknown>> => {
        try {
          return (await ipc.invoke(channel, input ?? {})) as Result<unknown>;
        } catch (error) {
          // Only when the main process has no handler or is going away; handlers never throw.
          return { ok: false, error: { code: 'internal', message: `The main process did not answer: ${String(error)}` } };
        }
      },
    ]),
  ) as CallFunctions;

  const api = {
    ...callFunctions,
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
      if (!Object.hasOwn(channels.events, event)) throw new Error(`mcaDesk.on: unknown event "${String(event)}"`);
      if (typeof listener !== 'function') throw new Error('mcaDesk.on: the listener must be a function');
      return ipc.listen(channels.events[event], (payload) => listener(payload as EventPayload<K>));
    },
  } satisfies McaDeskApi;
  return api;
}
