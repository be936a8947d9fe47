import { defineConfig } from 'vitest/config';
import { scaled } from './vitest.timeouts';

// Unit tests: domain, offline (fake-indexeddb), hardware core, main services, IPC binding, CRM.
export default defineConfig({
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'crm/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/hardware/**/*.test.ts',
      'bench/**/*.test.ts',
      'load/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    testTimeout: scaled(30_000),
    // PGlite's migrations in a beforeAll take ~18 s on a loaded box; vitest's default is 10 s.
    hookTimeout: scaled(60_000),
  },
});
