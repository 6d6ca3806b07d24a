import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { channelsOf } from './src/preload/channels';
import { calls, events } from './src/shared/contract';

/*
 * Three builds, all into out/ (package.json "main" is out/main/index.js):
 * - main: ESM for Node in Electron; package dependencies stay runtime imports (better-sqlite3 is a
 *   native module and must never be bundled).
 * - preload: ONE CommonJS file, out/preload/index.cjs. The window is sandboxed, and a sandboxed
 *   preload can neither load ESM nor require anything but 'electron', so everything it imports
 *   is bundled in and code splitting is off. It needs only the contract's channel names, which are
 *   computed here and inlined as __MCA_DESK_CHANNELS__ (not zod and every schema: ~180 kB, ~25 ms
 *   of evaluation on each page load).
 * - renderer: src/renderer/index.html with React.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve('src/main/index.ts') },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    define: { __MCA_DESK_CHANNELS__: JSON.stringify(channelsOf(calls, events)) },
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
