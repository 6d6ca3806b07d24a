import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { AppCore } from './core/app-core-types';
import { forwardEvents, wireCalls } from './ipc-wiring';
import type { AppLocation, SenderInfo } from './policy';

/**
 * Registers `ipcMain.handle` for every call of src/shared/contract.ts. Handlers answer only the
 * top frame of `window()` showing our page (else `{ ok: false, error: { code: 'forbidden' } }`) and
 * wait for the core, which validates the input. Call once, before the window loads.
 */
export function registerIpc(options: {
  core: () => Promise<Pick<AppCore, 'dispatch'>>;
  window: () => BrowserWindow | null;
  app: AppLocation;
}): void {
  const describeSender = (event: IpcMainInvokeEvent): SenderInfo => {
    const win = options.window();
    const frame = event.senderFrame;
    return {
      fromAppWindow: win !== null && !win.isDestroyed() && event.sender === win.webContents,
      isTopFrame: frame !== null && frame.parent === null,
      url: frame?.url ?? null,
    };
  };
  wireCalls<IpcMainInvokeEvent>(ipcMain, {
    core: options.core,
    describeSender,
    app: options.app,
    onRefused: (name, reason) => console.warn(`[ipc] refused ${name}: ${reason}`),
  });
}

/** Sends every core event to the app window, if it is open. */
export function forwardCoreEvents(core: Pick<AppCore, 'subscribe'>, window: () => BrowserWindow | null): () => void {
  return forwardEvents(core, (channel, payload) => {
    const win = window();
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(channel, payload);
  });
}
