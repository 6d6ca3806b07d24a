import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build, createServer, type Plugin, type PluginOption } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import config, { contentSecurityPolicyMeta } from '../../../electron.vite.config';
import { startBrowserHost } from '../../../src/browser-host/server';
import type { AppCore } from '../../../src/main/core/app-core-types';
import * as shell from '../../../src/main/policy';
import { CONTENT_SECURITY_POLICY, devServerContentSecurityPolicy } from '../../../src/shared/content-security-policy';
import { tempDir } from '../../helpers/temp-dir';

/*
 * The page's Content-Security-Policy has one home (src/shared/content-security-policy.ts) and three
 * places that apply it: the Electron shell's response header, the browser host's response header,
 * and the <meta> tag the build writes into index.html. These tests check that the three are the
 * same policy, and that the page is never built without it.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const sourceHtml = fs.readFileSync(path.join(root, 'src/renderer/index.html'), 'utf8');
const PLUGIN = 'mca-desk:content-security-policy';

/** The policies of every Content-Security-Policy <meta> tag in `html`, entities decoded. */
function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\b[^>]*>/gi)]
    .map(([tag]) => tag)
    .filter((tag) => /http-equiv\s*=\s*["']?content-security-policy/i.test(tag))
    .map((tag) => (/\scontent\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

/** The renderer's plugins exactly as `npm run build` uses them. */
function rendererPlugins(): PluginOption[] {
  const renderer = (config as { renderer?: { plugins?: PluginOption[] } }).renderer;
  return renderer?.plugins ?? [];
}

/** A renderer folder with the app's real index.html and a stand-in for the React entry. */
function rendererSource(html = sourceHtml): string {
  const dir = tempDir('mca-csp-');
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  fs.writeFileSync(path.join(dir, 'main.tsx'), 'document.body.dataset.started = "yes";\n');
  return dir;
}

async function buildRenderer(dir: string): Promise<string> {
  const outDir = path.join(dir, 'out');
  await build({ configFile: false, root: dir, logLevel: 'silent', plugins: rendererPlugins(), build: { outDir, emptyOutDir: true } });
  return outDir;
}

function get(port: number, pathname: string): Promise<{ headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers: { host: `127.0.0.1:${port}` } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

describe('the Content-Security-Policy, from one source', () => {
  it('is not written in src/renderer/index.html: the build puts it there', () => {
    expect(sourceHtml).not.toMatch(/content-security-policy/i);
    expect(rendererPlugins().some((plugin) => (plugin as Plugin | null)?.name === PLUGIN)).toBe(true);
  });

  it('is the Electron shell header of the built app', () => {
    const built = shell.BUILT_APP;
    expect(shell.CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY);
    expect(shell.contentSecurityPolicy(built)).toBe(CONTENT_SECURITY_POLICY);
    expect(shell.withContentSecurityPolicy({}, shell.contentSecurityPolicy(built))).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('is the one <meta> tag of the built index.html, before any script, and the browser host serves the same as a header', async () => {
    const outDir = await buildRenderer(rendererSource());
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    expect(metaPolicies(html)).toEqual([CONTENT_SECURITY_POLICY]);
    expect(html.search(/content-security-policy/i)).toBeLessThan(html.search(/<script/i));

    const core = { subscribe: () => () => undefined, dispatch: async () => ({ ok: true, value: null }) } as unknown as AppCore;
    const host = await startBrowserHost({ core, rendererDir: outDir });
    closing.push(() => host.close());
    const page = await get(host.port, '/');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(metaPolicies(page.body)).toEqual([page.headers['content-security-policy']]);
  });

  it('fails the build when index.html brings a policy of its own', async () => {
    const withCopy = sourceHtml.replace('<head>', `<head>\n<meta http-equiv="Content-Security-Policy" content="default-src *">`);
    await expect(buildRenderer(rendererSource(withCopy))).rejects.toThrow(/Content-Security-Policy of its own/);
  });

  it('under the dev server, is the dev policy the Electron shell also sets for that origin', async () => {
    const server = await createServer({ configFile: false, root: rendererSource(), logLevel: 'silent', plugins: [contentSecurityPolicyMeta()], server: { host: '127.0.0.1', port: 0 } });
    closing.push(() => server.close());
    await server.listen();
    const origin = server.resolvedUrls!.local[0]!;
    const html = await server.transformIndexHtml('/index.html', sourceHtml);
    const dev = devServerContentSecurityPolicy(origin);
    expect(metaPolicies(html)).toEqual([dev]);
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain(`connect-src 'self' ${new URL(origin).origin.replace('http', 'ws')}`);
    expect(shell.contentSecurityPolicy(shell.appEntry({ isPackaged: false, rendererUrl: origin }).location)).toBe(dev);
  });
});
