import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

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

// The renderer is one build for Electron (app:// scheme) and for the browser (start:web, PDA web app).
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: '/',
  plugins: [react()],
  worker: { plugins: () => [zxingWithoutCdn()] },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: { host: '127.0.0.1', port: 5173 },
});
