import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { whenNextRequestSent } from '../../../src/main/core/partner-center/request-sent';

describe('whenNextRequestSent', () => {
  let server: http.Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = null;
  });

  it('resolves once fetch has put the request on the wire, while its answer is still awaited', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let received = false;
    server = http.createServer((req, res) => {
      received = true;
      void held.then(() => res.end('ok'));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    // A cap far longer than the test: it must resolve from the send itself.
    const leaving = whenNextRequestSent(60_000);
    let answered = false;
    const answer = fetch(`http://127.0.0.1:${port}/`).then(async (r) => {
      answered = true;
      return r.text();
    });
    await leaving.sent;
    expect(answered).toBe(false);
    // The server gets what was sent (no fixed wait: it holds its answer until released).
    await expect.poll(() => received).toBe(true);
    release();
    expect(await answer).toBe('ok');
  });

  it('resolves after its cap when no request leaves, and cancel stops listening at once', async () => {
    await whenNextRequestSent(5).sent;
    const leaving = whenNextRequestSent(60_000);
    leaving.cancel();
    await leaving.sent;
  });
});
