import { defineConfig } from 'vitest/config';
import { scaled } from './vitest.timeouts';

// The fault suite (tests/faults): the real CRM behind a fault proxy on loopback, many seeded runs.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: scaled(60_000),
    hookTimeout: scaled(60_000),
  },
});
