// What every HTTP answer of the CRM and of the web till's server carries (issue 16, "Limits and headers"):
// security headers on every response, 405 with Allow for a known path asked with another method, and a
// malformed URL answered 400 problem+json without the exception's text.
import { tillContentSecurityPolicy } from '../src/shared/tillCsp';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../src/shared/crm';

/** Headers every response carries besides its Content-Security-Policy. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy':
    'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The CRM's own policy: JSON and the server-rendered demo pages. No framing, nothing fetched from elsewhere,
 * inline styles for the demo pages, scripts only with the page's nonce (the demo mall page), forms to self.
 */
export function crmCsp(scriptNonce?: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptNonce ? `'nonce-${scriptNonce}'` : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The till's policy when a web server hands out dist/renderer: the desktop shell's policy
 * (src/main/electron/security.ts): connect-src only this origin and the configured CRM, no framing, and
 * 'wasm-unsafe-eval' so the barcode decoder's worker can compile its WebAssembly (no JavaScript eval). The page's
 * own meta policy still applies on top of it.
 */
export function tillCsp(crmOrigins: readonly string[] = []): string {
  return tillContentSecurityPolicy(crmOrigins.filter((o) => /^https?:\/\/[^\s;,']+$/.test(o)));
}

/** The origin of a configured CRM address ('' or a relative path: same origin, nothing to add). */
export function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? [u.origin] : [];
  } catch {
    return [];
  }
}

export function malformedUrlProblem(instance?: string) {
  return {
    type: 'https://crm.example/problems/malformed-url',
    title: 'Bad Request',
    status: 400,
    code: 'malformed-url',
    detail: 'the request URL is not valid',
    ...(instance !== undefined ? { instance } : {}),
  };
}

/** Fastify's frameworkErrors: a URL it cannot decode is a 400 problem, never the parser's message. */
export function frameworkErrors(
  error: { code?: string; statusCode?: number },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  // Answered before routing: the onSend hooks do not run, so the headers go on here.
  setSecurityHeaders(reply);
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.code(400).type(PROBLEM_CONTENT_TYPE).send(malformedUrlProblem());
    return;
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.code(status).type(PROBLEM_CONTENT_TYPE).send({
    type: 'https://crm.example/problems/bad-request',
    title: 'Bad Request',
    status,
    code: 'bad-request',
    detail: 'the request could not be read',
  });
}

const CRM_CSP = crmCsp();

function setSecurityHeaders(reply: FastifyReply): void {
  if (!reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', CRM_CSP);
  for (const [k, v] of Object.entries(COMMON_SECURITY_HEADERS)) reply.header(k, v);
}

/** Security headers on every answer (a page that set its own policy, e.g. with a nonce, keeps it). */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    setSecurityHeaders(reply);
    return payload;
  });
}

/**
 * Remembers every route's path pattern and methods (an onRoute hook; add before the routes), so the
 * not-found handler can tell "no such path" (404) from "not this method" (405 with Allow).
 */
export function trackRouteMethods(app: FastifyInstance): (method: string, url: string) => string[] | null {
  const patterns = new Map<string, { re: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url || url === '*' || url.includes('*')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let entry = patterns.get(url);
    if (!entry) {
      const source = url
        .split('/')
        .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      entry = { re: new RegExp(`^${source}/?$`), methods: new Set() };
      patterns.set(url, entry);
    }
    for (const m of methods) entry.methods.add(String(m).toUpperCase());
  });
  return (method, url) => {
    const path = url.split('?')[0] ?? url;
    const allowed = new Set<string>();
    for (const { re, methods } of patterns.values())
      if (re.test(path)) for (const m of methods) allowed.add(m);
    if (allowed.size === 0 || allowed.has(method.toUpperCase())) return null;
    if (allowed.has('GET')) allowed.add('HEAD');
    return [...allowed].filter((m) => m !== 'OPTIONS').sort();
  };
}
