// The installable web app's service worker (docs/decisions/0037). The renderer build (vite.renderer.config.ts)
// writes it out as /sw.js with this build's files in place of the list below and a version hashed from them. It
// keeps the app shell (index.html, every JS/CSS/wasm asset, the manifest and icons) in a cache named by that
// version, so a handheld starts with no network; IndexedDB keeps the data as on the desktop. Never registered in
// Electron (app:// has no service workers).
//
// The shell comes from the cache: a new build installs in the background and takes over at the next start, never
// under a running page, and its activation drops the old caches. /config.json comes from the network, else the
// copy kept at the last start, so an offline start still knows its store, terminal and mode. The CRM (/api/), its
// pages (/demo/) and the print service pass by.
'use strict';
const VERSION = '__SHELL_VERSION__';
const SHELL = /* __SHELL_FILES__ */ [];
const SHELL_CACHE = 'app-shell-' + VERSION;
const CONFIG_CACHE = 'app-config';
const CONFIG_URL = '/config.json';
const SHELL_PATHS = new Set(SHELL);
const PASS_BY = ['/api/', '/demo/', '/print'];

async function keepConfig(res) {
  const type = res.headers.get('content-type') || '';
  if (res.ok && type.includes('json')) await (await caches.open(CONFIG_CACHE)).put(CONFIG_URL, res);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
      // The first start was not served by this worker: keep its config now, for a start with no network.
      try {
        await keepConfig(await fetch(CONFIG_URL, { cache: 'no-store' }));
      } catch {
        // no network right now: the next start that reaches the server keeps it
      }
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith('app-shell-') && key !== SHELL_CACHE) await caches.delete(key);
    })(),
  );
});

async function fromShell(request, key) {
  const hit = await (await caches.open(SHELL_CACHE)).match(key, { ignoreSearch: true });
  return hit || fetch(request);
}

async function config(request) {
  try {
    const res = await fetch(request);
    if (res.ok) await keepConfig(res.clone());
    return res;
  } catch (e) {
    const kept = await (await caches.open(CONFIG_CACHE)).match(CONFIG_URL);
    if (kept) return kept;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PASS_BY.some((p) => url.pathname.startsWith(p))) return;
  if (url.pathname === CONFIG_URL) return event.respondWith(config(request));
  // Any page of the app (the SPA has one): index.html from the shell.
  if (request.mode === 'navigate') return event.respondWith(fromShell(request, '/index.html'));
  if (SHELL_PATHS.has(url.pathname)) return event.respondWith(fromShell(request, request));
});
