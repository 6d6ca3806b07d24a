import path from 'node:path';

/*
 * Which file of the built renderer (out/renderer) a request asks for. The Electron shell serves the
 * renderer from app:// (src/main/app-protocol.ts) with this; pure, so the refusals are unit-tested
 * (test/unit/shell/app-protocol.test.ts) for POSIX and Windows paths alike.
 */

export type RendererFile =
  | { ok: true; path: string }
  /** 400: the path cannot be decoded; 403: it tries to leave the folder; 404: it names no file. */
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** The path functions of one OS (`path.posix`, `path.win32`); tests pass the other one. */
export type PathFunctions = Pick<typeof path, 'join' | 'relative' | 'isAbsolute' | 'resolve' | 'sep'>;

/**
 * A segment that could name something other than a plain file under the folder once decoded:
 * `.`/`..`, a separator of either OS (an encoded `%2f` or `%5c` is one after decoding), `:` (a
 * Windows drive or an NTFS stream such as `index.html::$DATA`).
 */
const UNSAFE_SEGMENT = /^\.{1,2}$|[/\\:]/;
/** NUL and other control characters: no file name has them, and a NUL would reach the file system. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The file under `rootDir` that the URL path `pathname` (percent-encoded, as in a URL) names:
 * `/` is `index.html`; every segment is decoded once and must be a plain name. Anything else is
 * refused, never normalised into something that happens to exist.
 */
export function rendererFileFor(pathname: string, rootDir: string, paths: PathFunctions = path): RendererFile {
  const raw = pathname === '' || pathname === '/' ? ['index.html'] : pathname.replace(/^\//, '').split('/');
  const segments: string[] = [];
  for (const encoded of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, status: 400, reason: 'The path is not valid percent-encoding.' };
    }
    if (CONTROL.test(segment)) return { ok: false, status: 400, reason: 'The path holds a control character.' };
    if (segment === '') return { ok: false, status: 404, reason: 'The path names a folder, not a file.' };
    if (UNSAFE_SEGMENT.test(segment)) return { ok: false, status: 403, reason: 'The path leaves the app folder or names no plain file.' };
    segments.push(segment);
  }
  const root = paths.resolve(rootDir);
  const file = paths.join(root, ...segments);
  // The segment rule already keeps the path inside; this is the check that must never fail.
  const inside = paths.relative(root, file);
  if (inside === '' || inside.startsWith('..') || paths.isAbsolute(inside)) {
    return { ok: false, status: 403, reason: 'The path leaves the app folder.' };
  }
  return { ok: true, path: file };
}

/** Content types of what the renderer build writes; anything else is served as opaque bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type of a renderer file (module scripts must be served as JavaScript under nosniff). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
