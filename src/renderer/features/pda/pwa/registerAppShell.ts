// Registers the app shell's service worker (/sw.js, see appShellWorker.ts) for the browser flavour only: Electron
// serves the app from app://, which has no service workers, and its files are on disk anyway. `?sw=off` and the
// benchmarks' `?bench=1` start without it.
import type { Platform } from '../../../../shared/platform';

export function shouldRegisterAppShell(env: {
  platformKind: Platform['kind'];
  protocol: string;
  search: string;
  hasServiceWorker: boolean;
  dev: boolean;
}): boolean {
  if (env.platformKind !== 'web' || env.dev || !env.hasServiceWorker) return false;
  if (env.protocol !== 'http:' && env.protocol !== 'https:') return false;
  const q = new URLSearchParams(env.search);
  return q.get('sw') !== 'off' && q.get('bench') !== '1';
}

export function registerAppShell(platform: Platform): void {
  const nav = globalThis.navigator;
  const ok = shouldRegisterAppShell({
    platformKind: platform.kind,
    protocol: globalThis.location?.protocol ?? '',
    search: globalThis.location?.search ?? '',
    hasServiceWorker: Boolean(nav && 'serviceWorker' in nav),
    dev: import.meta.env.DEV,
  });
  if (!ok) return;
  nav.serviceWorker.register('/sw.js', { scope: '/' }).then(
    (reg) =>
      platform.log({
        level: 'info',
        msg: 'app shell worker registered',
        data: { scope: reg.scope, active: Boolean(reg.active) },
      }),
    (e: unknown) =>
      // Not fatal: the till works online without it, only an offline start needs it.
      platform.log({
        level: 'warn',
        msg: 'app shell worker not registered',
        data: { error: String(e).slice(0, 300) },
      }),
  );
}
