import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { McaDeskApi } from '../shared/contract';
import { buildMcaDeskApi, type ContractChannels } from '../shared/mca-desk-api';

/*
 * Runs sandboxed, so it is bundled into one CommonJS file (out/preload/index.cjs) whose only
 * require is 'electron'. The page gets `window.mcaDesk` as src/shared/mca-desk-api.ts builds it
 * over Electron's IPC: one named function per contract call and `on(event, listener)`. Never
 * ipcRenderer, process or require.
 */

/** The contract's channel names, inlined at build time by electron.vite.config.ts. */
declare const __MCA_DESK_CHANNELS__: ContractChannels;

const api = buildMcaDeskApi(
  {
    peer: 'The main process',
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    listen: (channel, listener) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  },
  __MCA_DESK_CHANNELS__,
) satisfies McaDeskApi;

contextBridge.exposeInMainWorld('mcaDesk', api);
