import { defineConfig } from 'vitest/config';

// Unit tests: domain, offline (fake-indexeddb), hardware core, main services, IPC binding, CRM.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'crm/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/hardware/**/*.test.ts', 'bench/**/*.test.ts', 'load/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
