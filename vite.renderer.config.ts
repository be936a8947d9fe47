import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

// zxing-wasm's default locateFile points at a CDN; the camera worker always sets our bundled .wasm instead
// (src/hardware/web/camera). This drops the CDN address from the bundle too, so nothing can ever reach for it;
// the build fails if a zxing-wasm upgrade moves it, rather than silently shipping it.
const ZXING_CDN = /https:\/\/fastly\.jsdelivr\.net\/npm\/zxing-wasm@[^`'"]*/g;
const zxingWithoutCdn = () => ({
  name: 'zxing-without-cdn',
  transform(code: string, id: string) {
    if (!/zxing-wasm[\\/]dist[\\/]es[\\/]share\.js$/.test(id)) return null;
    const out = code.replace(ZXING_CDN, 'zxing-wasm-cdn-disabled/');
    if (out === code)
      throw new Error('zxing-wasm no longer has the expected CDN default: check the camera worker');
    // The replacement stays within one line, so the library's source map still lines up.
    return { code: out, map: null };
  },
});

// The installable web app (docs/decisions/0037): /sw.js is the worker template with this build's files, the app
// shell it caches, and a version hashed from them (names under assets/ carry their own hash; other files' content).
const PUBLIC_DIR = fileURLToPath(new URL('./src/renderer/public', import.meta.url));
const SW_TEMPLATE = fileURLToPath(new URL('./src/renderer/features/pda/pwa/sw.template.js', import.meta.url));
const appShellWorker = (): Plugin => ({
  name: 'app-shell-worker',
  apply: 'build',
  enforce: 'post',
  generateBundle(_options, bundle) {
    const files = new Map<string, string | Uint8Array>();
    for (const f of Object.values(bundle))
      if (!f.fileName.endsWith('.map'))
        files.set(f.fileName, f.fileName.startsWith('assets/') ? '' : f.type === 'asset' ? f.source : f.code);
    for (const name of readdirSync(PUBLIC_DIR, { recursive: true, encoding: 'utf8' }))
      if (statSync(join(PUBLIC_DIR, name)).isFile())
        files.set(name.split(sep).join('/'), readFileSync(join(PUBLIC_DIR, name)));
    const names = [...files.keys()].sort();
    const hash = createHash('sha256');
    for (const n of names) hash.update(n).update(files.get(n)!);
    const source = readFileSync(SW_TEMPLATE, 'utf8')
      .replace("'__SHELL_VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 12)))
      .replace('/* __SHELL_FILES__ */ []', JSON.stringify(names.map((n) => `/${n}`)));
    this.emitFile({ type: 'asset', fileName: 'sw.js', source });
  },
});

// The renderer is one build for Electron (app:// scheme) and for the browser (start:web, PDA web app).
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: '/',
  plugins: [react(), appShellWorker()],
  worker: { plugins: () => [zxingWithoutCdn()] },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: { host: '127.0.0.1', port: 5173 },
});
