import diagnostics from 'node:diagnostics_channel';

/** Node's fetch (undici) publishes here when a request's headers have been written to its socket. */
const SENT = 'undici:client:sendHeaders';

/**
 * Resolves once the next HTTP request has left (its headers are on the socket), or after `capMs`
 * when none does (the next page failed before sending, or a fetch that publishes nothing). Armed
 * before the request is made. A synchronous write that follows no longer holds back the request:
 * fetch sends a few turns of the event loop after it is called, later still on a loaded machine,
 * so a fixed pause either wastes time or lets the write go first.
 */
export function whenNextRequestSent(capMs: number): { sent: Promise<void>; cancel: () => void } {
  let done: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => {
    const timer = setTimeout(finish, capMs);
    diagnostics.subscribe(SENT, finish);
    function finish() {
      clearTimeout(timer);
      diagnostics.unsubscribe(SENT, finish);
      resolve();
    }
    done = finish;
  });
  return { sent, cancel: done };
}
