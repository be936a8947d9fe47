import { defineConfig } from 'vitest/config';

// The fault suite (tests/faults): the real CRM behind a fault proxy on loopback, many seeded runs.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
