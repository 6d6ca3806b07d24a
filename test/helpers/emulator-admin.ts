/** Calls the emulator's loopback admin API (faults, offline, clock, writes…) from tests. */
export async function emulatorAdmin(url: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(new URL(`/_emulator/${route}`, url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`emulator admin ${route}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export interface EmulatorWrite {
  method: string;
  path: string;
  status: number | null;
  requestId?: string;
  errorCode?: string | number | null;
  /** The request body as sent (parsed JSON). */
  body?: unknown;
}

export async function emulatorWrites(url: string): Promise<EmulatorWrite[]> {
  const body = (await emulatorAdmin(url, 'writes')) as { items: EmulatorWrite[] };
  return body.items;
}
