import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure } from '../../../src/main/core/app-failure';
import { createPartnerCenterClient, PartnerCenterError } from '../../../src/main/core/partner-center/index';

/**
 * A Partner Center that accepts the connection and drops it at once (a reset proxy, a crash):
 * the real transport over a real socket, and the sentence the operator reads, said once.
 */
let server: net.Server;
let url: string;
beforeAll(async () => {
  server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function dropped(): Promise<PartnerCenterError> {
  const client = createPartnerCenterClient({ baseUrl: url, getAccessToken: async () => 'tok', timeoutMs: 5000 });
  try {
    await client.getCustomer('0c8e2f2a-1111-4a4a-9b9b-000000000003');
  } catch (error) {
    if (error instanceof PartnerCenterError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Partner Center dropping the connection', () => {
  it('is a network error whose message is the cause alone', async () => {
    const error = await dropped();
    expect(error).toMatchObject({ kind: 'network', retryable: true, message: 'UND_ERR_SOCKET' });
  });

  it('reads "could not be reached" once, in the operator\u2019s language', async () => {
    const error = await dropped();
    expect(describeFailure(error, 'en-US')).toEqual({ code: 'offline', message: 'Partner Center could not be reached: UND_ERR_SOCKET' });
    expect(describeFailure(error, 'fr-FR').message).toBe('Impossible de joindre l’Espace partenaires\u202F: UND_ERR_SOCKET');
  });
});
