import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Sandboxed preloads may require only 'electron': everything else is bundled into one CJS file.
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./dist/preload', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./src/preload/index.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'index.cjs',
    },
    rollupOptions: { external: ['electron'] },
  },
  ssr: { noExternal: true },
});
