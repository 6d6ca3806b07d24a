import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { channelsOf } from './src/shared/mca-desk-api';
import { CONTENT_SECURITY_POLICY, devServerContentSecurityPolicy } from './src/shared/content-security-policy';
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
 * - renderer: src/renderer/index.html with React, and the page's Content-Security-Policy written
 *   into it as a <meta> tag from src/shared/content-security-policy.ts (contentSecurityPolicyMeta).
 */

/** The content of every Content-Security-Policy <meta> tag of `html`, entities decoded. */
function cspMetaContents(html: string): string[] {
  const decode = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...html.matchAll(/<meta\b[^>]*>/gi)]
    .map(([tag]) => tag)
    .filter((tag) => /http-equiv\s*=\s*["']?content-security-policy["'\s>]/i.test(tag))
    .map((tag) => decode(/\scontent\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? ''));
}

/**
 * Writes the Content-Security-Policy into index.html as a <meta> tag right after its charset: the
 * strict policy in the build, the dev server's (React Refresh) under `electron-vite dev`. The page
 * must never run without it, so the build fails when index.html brings a policy of its own (a
 * second copy), has no <head> to put it in, or is written without exactly this one.
 */
export function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'mca-desk:content-security-policy',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        if (cspMetaContents(html).length > 0) {
          throw new Error(`${ctx.filename} has a Content-Security-Policy of its own; the policy comes from src/shared/content-security-policy.ts`);
        }
        const devServer = ctx.server?.resolvedUrls?.local[0];
        const policy = devServer ? devServerContentSecurityPolicy(devServer) : CONTENT_SECURITY_POLICY;
        const head = /<head>(\s*<meta charset="[^"]*"\s*\/?>)?/i;
        if (!head.test(html)) throw new Error(`${ctx.filename} has no <head> for the Content-Security-Policy`);
        return html.replace(head, (found) => `${found}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
      },
    },
    writeBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        const policies = cspMetaContents(String(file.source));
        if (policies.length !== 1 || policies[0] !== CONTENT_SECURITY_POLICY) {
          throw new Error(`${file.fileName} was written without exactly the app's Content-Security-Policy (found ${JSON.stringify(policies)})`);
        }
      }
    },
  };
}

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
    plugins: [react(), contentSecurityPolicyMeta()],
  },
});
