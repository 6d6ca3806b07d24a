import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { raw } from '../../helpers/raw-http';
import { tempDir } from '../../helpers/temp-dir';

const root = path.resolve(import.meta.dirname, '../../..');

/*
 * The browser host as the operator runs it (`npm run start:browser`), in its own process: hostile
 * requests must each get an answer without ending that process, and nothing it logs may carry the
 * secret but the one line that gives the address to open.
 */
describe('browser host process', () => {
  it('answers hostile requests and lives on, and logs the secret only in the address it prints at start', async () => {
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MCA Desk</title>');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/browser-host/cli.ts', '--port', '0', '--data-dir', tempDir(), '--renderer-dir', rendererDir], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = await Promise.race([
      new Promise<RegExpMatchArray>((resolve) =>
        child.stdout.on('data', () => {
          const match = /MCA Desk browser host: http:\/\/127\.0\.0\.1:(\d+)\/#secret=(\S+)/.exec(output);
          if (match) resolve(match);
        }),
      ),
      exited.then((code) => Promise.reject(new Error(`the host exited with ${code} before it started:\n${output}`))),
    ]);
    const port = Number(started[1]);
    const secret = started[2]!;
    try {
      const host = `127.0.0.1:${port}`;
      const answers: Record<string, number> = {};
      for (const target of ['/%ZZ', '/%00', '/index.html%00.png', '/%E0%A4%A']) answers[target] = (await raw(port, { path: target, headers: { host } })).status;
      answers['call %E0%A4%A'] = (await raw(port, { path: '/api/call/%E0%A4%A', method: 'POST', headers: { host, authorization: `Bearer ${secret}` }, body: '{}' })).status;
      answers['events, secret in the URL'] = (await raw(port, { path: `/api/events?secret=${secret}`, headers: { host } })).status;
      answers['call from evil.example'] = (await raw(port, { path: '/api/call/session:get', method: 'POST', headers: { host, origin: 'http://evil.example', authorization: `Bearer ${secret}` }, body: '{}' })).status;
      answers['call over 16 MB'] = (await raw(port, { path: '/api/call/session:get', method: 'POST', headers: { host, authorization: `Bearer ${secret}`, 'content-length': '16000001' } })).status;
      expect(answers).toEqual({
        '/%ZZ': 400,
        '/%00': 400,
        '/index.html%00.png': 400,
        '/%E0%A4%A': 400,
        'call %E0%A4%A': 400,
        'events, secret in the URL': 401,
        'call from evil.example': 403,
        'call over 16 MB': 413,
      });
      expect((await raw(port, { path: '/', headers: { host } })).status).toBe(200);
      const session = await raw(port, { path: '/api/call/session:get', method: 'POST', headers: { host, authorization: `Bearer ${secret}` }, body: '{}' });
      expect(JSON.parse(session.body)).toMatchObject({ ok: true });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output.split('\n').filter((line) => line.includes(secret))).toEqual([`MCA Desk browser host: http://127.0.0.1:${port}/#secret=${secret}`]);
  });
});
