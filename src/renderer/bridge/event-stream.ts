/** One Server-Sent Events frame: its event name and its data (its data: lines joined by \n). */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * A Server-Sent Events parser fed text as it arrives, in chunks cut anywhere: lines end with \n,
 * \r\n or \r; a blank line ends a frame; lines starting with ':' are comments. Only event: and
 * data: are kept (the browser host sends no id: nor retry:); a frame without data is dropped,
 * as EventSource drops it.
 */
export function serverSentEventParser(onEvent: (event: ServerSentEvent) => void): (text: string) => void {
  let pending = '';
  let afterCr = false;
  let event = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    // A chunk that ended in \r: a \n starting this one belongs to the same line ending.
    const text = pending + (afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk);
    afterCr = text.endsWith('\r');
    const lines = text.split(/\r\n|\r|\n/);
    pending = lines.pop() ?? '';
    for (const each of lines) line(each);
  };
}

export interface EventStreamOptions {
  url: string;
  /** Sent with each connection: the secret travels here, never in the URL. */
  headers: Record<string, string>;
  fetch: typeof fetch;
  onEvent: (event: ServerSentEvent) => void;
  /** Resolves when a dropped stream may connect again. */
  reconnectDelay: () => Promise<void>;
}

/**
 * Reads a Server-Sent Events stream with fetch, which can send an Authorization header where
 * EventSource can only put a secret in the URL (and so in logs and history). Like EventSource, it
 * connects again after a dropped connection (the host then sends its latest state again), and stops
 * for good on an answer that is not a 200 event stream: a 401 means the host restarted with
 * another secret, and asking again would not change that.
 */
export function readEventStream(options: EventStreamOptions): void {
  const connect = async (): Promise<'dropped' | 'refused'> => {
    const response = await options.fetch(options.url, { headers: { ...options.headers, accept: 'text/event-stream' }, cache: 'no-store' });
    if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      console.error(`MCA Desk: the event stream was refused (HTTP ${response.status}); reload the page from the address the browser host printed.`);
      return 'refused';
    }
    const parse = serverSentEventParser(options.onEvent);
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'dropped';
      parse(decoder.decode(value, { stream: true }));
    }
  };
  void (async () => {
    for (;;) {
      const outcome = await connect().catch(() => 'dropped' as const);
      if (outcome === 'refused') return;
      await options.reconnectDelay();
    }
  })();
}
