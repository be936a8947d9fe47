// The till's Content-Security-Policy, one list for both places that serve the till: the desktop shell
// (src/main/electron/security.ts) and a web server handing out dist/renderer (crm/httpHardening.ts).
// script-src is 'self' only: no 'unsafe-inline', no 'unsafe-eval'. 'wasm-unsafe-eval' lets the bundled barcode
// decoder and the PIN KDF compile WebAssembly and allows no JavaScript eval. Inline styles stay allowed for React
// style props. connect-src: this origin and the given CRM origins only; nothing may frame the till.
export function tillContentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
