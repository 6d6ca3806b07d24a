import { z } from 'zod';

/*
 * Calls over one WebSocket between the browser host's page and the host (src/browser-host/call-socket.ts,
 * src/renderer/bridge/socket-calls.ts): the same contract as POST /api/call/<channel>, without a
 * request per call. The page's first message carries the per-run secret (a WebSocket cannot send an
 * Authorization header, and the secret never goes in a URL); the host answers `{ready: true}`, then
 * each call `{id, channel, input}` with `{id, result}`, where result is what the HTTP call answers.
 */

export const CALL_SOCKET_PATH = '/api/socket';

/** The first message of the page. */
export const socketHello = z.strictObject({ secret: z.string().min(1).max(1000) });
/** One call of the page: its answer carries the same id. */
export const socketCall = z.strictObject({ id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), channel: z.string().max(200), input: z.unknown() });
export type SocketCall = z.infer<typeof socketCall>;
/** What the host sends: the hello accepted, or the answer to one call. */
export const socketAnswer = z.union([z.strictObject({ ready: z.literal(true) }), z.strictObject({ id: z.number(), result: z.unknown() })]);

/** Close codes of the host: the page stops using the socket for good after either (calls go over HTTP). */
export const SOCKET_UNAUTHORISED = 4401;
export const SOCKET_MALFORMED = 4400;
