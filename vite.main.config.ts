import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

// Main process bundle: plain Node (CJS). Our code and its JS dependencies are bundled in, so the app does not
// depend on what the packager copies into node_modules; electron, Node built-ins and native modules stay external.
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./dist/main', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./src/main/electron/index.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'index.cjs',
    },
    rollupOptions: {
      external: [
        'electron',
        'node-hid',
        'serialport',
        'usb',
        ...builtinModules,
        ...builtinModules.map((m) => `node:${m}`),
      ],
    },
  },
  ssr: { noExternal: true },
});
