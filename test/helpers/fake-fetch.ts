/** One request as the fake fetch saw it. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The body when it was a string (every JSON body the clients send); undefined otherwise. */
  body?: string;
}

/**
 * A `fetch` stand-in for clients under test: records every request in `seen` and answers with
 * `handler`, which also gets the request's abort signal (to play a server that never answers).
 */
export function fakeFetch(handler: (req: SeenRequest, signal: AbortSignal | undefined) => Promise<Response> | Response): {
  fetch: typeof globalThis.fetch;
  seen: SeenRequest[];
} {
  const seen: SeenRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req: SeenRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    };
    seen.push(req);
    return handler(req, init?.signal ?? undefined);
  };
  return { fetch, seen };
}
