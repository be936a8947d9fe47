// The UI is served from app://pos, never file://. That origin owns the IndexedDB with the ledger and the outbox:
// changing scheme or host in an update would orphan every unsynced sale, so both are constants here and tested.
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { contentTypeOf } from '../../shared/contentTypes';

export const APP_SCHEME = 'app';
export const APP_HOST = 'pos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/**
 * The user data folder's name under the OS app-data folder (%APPDATA%, ~/.config). The IndexedDB of app://pos
 * lives there: Electron would otherwise derive it from package.json's name, which a rename would silently move.
 */
export const APP_DATA_DIR = 'StoreTerminal';
/** The customer window: the same page and origin, told by the query to show the customer view. */
export const CUSTOMER_DISPLAY_URL = `${APP_ENTRY_URL}?display=customer`;

/** Passed to protocol.registerSchemesAsPrivileged before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  // 'standard' gives the scheme a real origin (storage, relative URLs); 'secure' makes it a secure context.
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const;

export type AppUrlResolution =
  { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps app://pos/<path> to a file inside rootDir. Pure: no file system access. Refuses other schemes and
 * hosts, '..' in any spelling (plain, %2e%2e, %2f, backslashes), NUL bytes and malformed escapes.
 */
export function resolveAppUrl(url: string, rootDir: string): AppUrlResolution {
  // Look at the raw text first: the URL parser would quietly fold some traversals into a harmless-looking path.
  const rawPath = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
  let decodedRaw: string;
  try {
    decodedRaw = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed escape' };
  }
  if (/(^|[\\/])\.\.([\\/]|$)/.test(decodedRaw) || decodedRaw.includes('\\') || decodedRaw.includes('\0')) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.host !== APP_HOST ||
    parsed.username ||
    parsed.password
  ) {
    return { ok: false, status: 403, reason: 'foreign origin' };
  }

  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed escape' };
  }
  if (
    path.includes('\0') ||
    path.includes('\\') ||
    path.split('/').includes('..') ||
    /^\/+[a-z]:/i.test(path)
  ) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }
  if (path === '' || path.endsWith('/')) path += 'index.html';

  const root = resolve(rootDir);
  const filePath = resolve(join(root, path));
  const rel = relative(root, filePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    return { ok: false, status: 403, reason: 'outside root' };
  return { ok: true, filePath };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Answers one app:// request from rootDir with the security headers. A path without an extension that is not
 * a file falls back to index.html (client-side routes), except under /api/.
 */
export async function serveAppRequest(
  request: { url: string; method?: string },
  rootDir: string,
  csp: string,
): Promise<Response> {
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (request.method && request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('method not allowed', { status: 405, headers });
  }
  const resolved = resolveAppUrl(request.url, rootDir);
  if (!resolved.ok) return new Response(resolved.reason, { status: resolved.status, headers });
  let file = resolved.filePath;
  if (!(await isFile(file))) {
    // API paths never fall back to the page: a CRM client must see a 404, not HTML with status 200.
    if (extname(file) !== '' || new URL(request.url).pathname.startsWith('/api/')) {
      return new Response('not found', { status: 404, headers });
    }
    file = join(resolve(rootDir), 'index.html');
  }
  try {
    const body = await readFile(file);
    const type = contentTypeOf(extname(file));
    return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'Content-Type': type } });
  } catch {
    return new Response('not found', { status: 404, headers });
  }
}
