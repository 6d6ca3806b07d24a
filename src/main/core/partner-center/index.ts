/** Partner Center REST client: typed calls, zod-checked responses, one error type. */
export * from './schemas';
export * from './errors';
export { resolveUrl, type RequestContext } from './http';
export * from './client';
export * from './attestation';
export { Pacer } from './pacer';
