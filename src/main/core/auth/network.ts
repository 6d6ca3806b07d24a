/**
 * MSAL's HTTP client for an identity provider with its own certificate (the emulator's,
 * self-signed): node:https trusting exactly that certificate, for these requests only. The
 * process's trust settings are never touched (no NODE_TLS_REJECT_UNAUTHORIZED).
 */
import { request } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

const DEFAULT_TIMEOUT_MS = 30_000;

export class NetworkFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkFailure';
  }
}

export function pinnedCaNetworkModule(ca: string): INetworkModule {
  function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return new Promise((resolve, reject) => {
      const body = method === 'POST' ? (options?.body ?? '') : undefined;
      const req = request(
        url,
        {
          method,
          ca,
          headers: { ...(options?.headers ?? {}), ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          timeout: timeout ?? DEFAULT_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (error) => reject(new NetworkFailure(`Network request failed: ${error.message}`, { cause: error })));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            try {
              resolve({ headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T, status: res.statusCode ?? 0 });
            } catch (error) {
              reject(new Error(`Failed to parse response: ${error instanceof Error ? error.message : String(error)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new NetworkFailure('Request timeout')));
      req.on('error', (error) => reject(error instanceof NetworkFailure ? error : new NetworkFailure(`Network request failed: ${error.message}`, { cause: error })));
      req.end(body);
    });
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
