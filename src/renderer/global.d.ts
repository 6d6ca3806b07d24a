/// <reference types="vite/client" />
import type { McaDeskApi } from '../shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host, where the HTTP bridge stands in. */
    mcaDesk?: McaDeskApi;
  }
}

export {};
