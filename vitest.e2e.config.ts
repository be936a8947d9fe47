import { defineConfig } from 'vitest/config';
import { scaled } from './vitest.timeouts';

// End-to-end: real Chromium (playwright-core, /usr/bin/chromium) against the built web app.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: scaled(180_000),
    hookTimeout: scaled(120_000),
  },
});
