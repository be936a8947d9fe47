import { defineConfig } from 'vitest/config';

// End-to-end: real Chromium (playwright-core, /usr/bin/chromium) against the built web app.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
