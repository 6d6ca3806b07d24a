/** Helpers for tests against the emulator (shape comparison with the docs' example payloads). */

export type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'undefined';

export function jsonKind(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object' || t === 'undefined') return t;
  throw new Error(`not JSON: ${t}`);
}

export interface ShapeDiff {
  /** Keys in the example but absent from the actual payload. */
  missing: string[];
  /** Same key, different JSON type. */
  typeMismatch: string[];
  /** Keys in the actual payload the example does not have. */
  extra: string[];
}

/**
 * Compares key sets and value types recursively. Array elements of `actual` are each compared with
 * the example's first element (an empty example array accepts any elements).
 */
export function shapeDiff(expected: unknown, actual: unknown, path = '$', diff: ShapeDiff = { missing: [], typeMismatch: [], extra: [] }): ShapeDiff {
  const ek = jsonKind(expected);
  const ak = jsonKind(actual);
  if (ek !== ak) {
    diff.typeMismatch.push(`${path}: expected ${ek}, got ${ak}`);
    return diff;
  }
  if (ek === 'array') {
    const template = (expected as unknown[])[0];
    if (template !== undefined) (actual as unknown[]).forEach((item, i) => shapeDiff(template, item, `${path}[${i}]`, diff));
  } else if (ek === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(key in a)) diff.missing.push(`${path}.${key}`);
      else shapeDiff(e[key], a[key], `${path}.${key}`, diff);
    }
    for (const key of Object.keys(a)) if (!(key in e)) diff.extra.push(`${path}.${key}`);
  }
  return diff;
}

/** Replaces array indices by [] so extra-key paths can be compared against an allow-list. */
export function normalisePath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when the body is empty or not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  signal?: AbortSignal;
}

/** One HTTP call with fetch; never throws for HTTP errors (network errors do throw). */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
