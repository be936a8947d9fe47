// npm run load -- --terminals 2000 --sales-per-terminal 300 [--tills-per-store 4] [--workers 4]
//   [--batch-size 100] [--backend postgres|pglite] [--database-url URL] [--pool-max 16] [--deadline-s 900]
//   [--mode herd|trade] [--rate 500 --seconds 60]   (trade: every till sells live, `rate` sales/s in all)
//   [--till full|lite]   (full: Dexie ledger + sync runner per till; lite: the same records, ledger in memory)
// PostgreSQL comes from --database-url, DATABASE_URL or TEST_DATABASE_URL (a schema of its own, dropped after).
// Prints the herd's result as JSON; exits 1 when anything was lost, doubled or left behind.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { admissionFor, DEFAULT_HERD, runHerd } from './herd';

const { values } = parseArgs({
  options: {
    terminals: { type: 'string', default: '40' },
    'sales-per-terminal': { type: 'string', default: '50' },
    'tills-per-store': { type: 'string', default: String(DEFAULT_HERD.tillsPerStore) },
    workers: { type: 'string', default: String(DEFAULT_HERD.workers) },
    'batch-size': { type: 'string', default: String(DEFAULT_HERD.batchSize) },
    backend: { type: 'string', default: 'postgres' },
    'database-url': { type: 'string' },
    'pool-max': { type: 'string', default: String(DEFAULT_HERD.poolMax) },
    'deadline-s': { type: 'string', default: String(DEFAULT_HERD.deadlineMs / 1000) },
    mode: { type: 'string', default: 'herd' },
    rate: { type: 'string', default: String(DEFAULT_HERD.rate) },
    seconds: { type: 'string', default: String(DEFAULT_HERD.seconds) },
    till: { type: 'string', default: DEFAULT_HERD.till },
  },
});

const count = (max: number) => z.coerce.number().int().min(1).max(max);
const Args = z.object({
  terminals: count(10_000),
  'sales-per-terminal': count(10_000),
  'tills-per-store': count(64),
  workers: count(32),
  'batch-size': count(500),
  backend: z.enum(['postgres', 'pglite']),
  'database-url': z.string().optional(),
  'pool-max': count(200),
  'deadline-s': count(3600),
  mode: z.enum(['herd', 'trade']),
  rate: count(100_000),
  seconds: count(3600),
  till: z.enum(['full', 'lite']),
});
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(
    `bad arguments: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
  process.exit(2);
}
const a = parsed.data;
const databaseUrl = a['database-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (a.backend === 'postgres' && !databaseUrl) {
  console.error('--backend postgres needs --database-url (or DATABASE_URL / TEST_DATABASE_URL)');
  process.exit(2);
}
if (databaseUrl && !/^postgres(ql)?:\/\/[^/]*(localhost|127\.0\.0\.1|\[::1\]|%2F|\/tmp)/i.test(databaseUrl)) {
  // Load only ever targets this machine.
  console.error('the load generator only targets a database on loopback or a local socket');
  process.exit(2);
}
const result = await runHerd({
  ...DEFAULT_HERD,
  terminals: a.terminals,
  salesPerTerminal: a['sales-per-terminal'],
  tillsPerStore: a['tills-per-store'],
  workers: a.workers,
  batchSize: a['batch-size'],
  backend: a.backend,
  ...(databaseUrl ? { databaseUrl } : {}),
  poolMax: a['pool-max'],
  admission: admissionFor(a['pool-max']),
  deadlineMs: a['deadline-s'] * 1000,
  mode: a.mode,
  rate: a.rate,
  seconds: a.seconds,
  till: a.till,
  log: (line) => console.error(`[load] ${line}`),
});
console.log(JSON.stringify(result, null, 2));
process.exit(result.ok ? 0 : 1);
