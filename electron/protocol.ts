/**
 * The `app://desk/` scheme: registration (before app ready) and the request handler that serves the built
 * renderer (dist/renderer) with correct MIME types and a strict Content-Security-Policy.
 */
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './config';

export type SchemeRegistrar = Pick<Protocol, 'registerSchemesAsPrivileged'>;

/**
 * Must run before `app` is ready. standard: relative URLs, a real origin, and storage (IndexedDB) work;
 * secure: a secure context (WebCrypto, no mixed-content downgrade); supportFetchAPI + corsEnabled: fetch()
 * and ES module scripts (Vite emits `<script type="module" crossorigin>`) load from it; codeCache: V8 code cache.
 */
export function registerAppScheme(protocol: SchemeRegistrar): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

/** The renderer's Content-Security-Policy. `connectOrigins`: the configured sync server origin(s). */
export function buildCsp(options: { connectOrigins?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectOrigins ?? [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine injects <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The sync server(s) only: the pushes and pulls, and the tus uploads of scanned files (XHR to the same origin).
    `connect-src ${connect.join(' ')}`,
    // PDF preview of generated forms: an <iframe>/<object> on a blob: URL made by the renderer.
    'frame-src blob:',
    'object-src blob:',
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type ResolvedPath =
  | { ok: true; filePath: string; navigation: boolean }
  | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps an app:// URL to a file under `root`, refusing anything that could leave it: other hosts,
 * encoded separators, `..` after decoding, NUL bytes, drive letters, UNC paths.
 * `navigation` is true for extension-less paths (client-side routes), which may fall back to index.html.
 */
export function resolveRequestPath(root: string, requestUrl: string, pathApi: path.PlatformPath = path): ResolvedPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return { ok: false, status: 403 };

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // Separators and traversal must come from the URL's structure, never from escapes.
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 403 };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes(':'))) return { ok: false, status: 403 };

  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const absoluteRoot = pathApi.resolve(root);
  const filePath = pathApi.resolve(absoluteRoot, relative);
  const rel = pathApi.relative(absoluteRoot, filePath);
  if (rel === '' || rel.startsWith('..') || pathApi.isAbsolute(rel)) return { ok: false, status: 403 };

  const last = segments[segments.length - 1] ?? '';
  const navigation = segments.length === 0 || !last.includes('.');
  return { ok: true, filePath, navigation };
}

export interface StaticFs {
  /** Resolves symlinks; rejects when missing. */
  realpath(p: string): Promise<string>;
  stat(p: string): Promise<{ isFile(): boolean }>;
  readFile(p: string): Promise<Uint8Array>;
}

export interface AppRequestHandlerOptions {
  /** Absolute path of dist/renderer. */
  root: string;
  csp: string;
  fs: StaticFs;
  pathApi?: path.PlatformPath;
}

function isInside(root: string, candidate: string, pathApi: path.PlatformPath): boolean {
  const rel = pathApi.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !pathApi.isAbsolute(rel);
}

/** The `protocol.handle('app', …)` handler. Uses the global Request/Response (Electron main and Node ≥ 18). */
export function createAppRequestHandler(options: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  const pathApi = options.pathApi ?? path;
  const { fs, csp } = options;
  let realRoot: Promise<string> | null = null;
  const getRealRoot = () => (realRoot ??= fs.realpath(pathApi.resolve(options.root)));

  const baseHeaders = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });

  const errorResponse = (status: number) =>
    new Response(status === 404 ? 'Không tìm thấy' : 'Không được phép', {
      status,
      headers: baseHeaders('text/plain; charset=utf-8'),
    });

  async function tryFile(filePath: string): Promise<string | null> {
    try {
      const root = await getRealRoot();
      const real = await fs.realpath(filePath);
      if (!isInside(root, real, pathApi)) return null;
      const st = await fs.stat(real);
      return st.isFile() ? real : null;
    } catch {
      return null;
    }
  }

  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...baseHeaders('text/plain; charset=utf-8'), Allow: 'GET, HEAD' } });
    }
    const resolved = resolveRequestPath(options.root, request.url, pathApi);
    if (!resolved.ok) return errorResponse(resolved.status);

    let file = await tryFile(resolved.filePath);
    if (!file && resolved.navigation) file = await tryFile(pathApi.resolve(options.root, 'index.html'));
    if (!file) return errorResponse(404);

    const body = await fs.readFile(file);
    const headers = baseHeaders(mimeTypeFor(file));
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(body as BodyInit, { status: 200, headers });
  };
}
