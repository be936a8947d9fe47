// The ceiling of the herd's write path, measured by pgbench on the same machine and the same schema: each
// transaction is one push of `batch` plain sales as crm/push.ts writes it (lock the terminal's epoch row,
// multi-row INSERT of sales and of their answers, advance last_applied_seq), with no HTTP, JSON or Node.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openBackend } from '../bench/syncBench';
import { migrate } from '../crm/migrate';

const run = promisify(execFile);

export function pgbenchPath(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const v of readdirSync(root).sort().reverse()) {
    const p = join(root, v, 'bin', 'pgbench');
    if (existsSync(p)) return p;
  }
  return null;
}

/** A sale body of the size the herd sends (two lines, one tender), as jsonb. */
const BODY = JSON.stringify({
  lines: [
    { name: '伊利纯牛奶 250ml', qty: 2, unitPriceFen: 350, amountFen: 700, categoryId: 'C01', discounts: [] },
    { name: '农夫山泉 550ml', qty: 1, unitPriceFen: 200, amountFen: 200, categoryId: 'C02', discounts: [] },
  ],
  tenders: [{ kind: 'card', amountFen: 900, reference: 'C1' }],
  totals: { itemCount: 3, grossFen: 900, discountFen: 0, dueFen: 900 },
}).replace(/'/g, "''");

function script(batch: number): string {
  // :client_id keeps each pgbench client on its own terminal row, as each till has its own.
  return `\\set base random(1, 1000000000000)
BEGIN;
SELECT last_applied_seq FROM terminal_epochs WHERE store_id = 'PGB' AND terminal_id = 'T' || :client_id AND epoch = 1 FOR UPDATE;
INSERT INTO sales (id, store_id, terminal_id, receipt_no, cashier_id, business_date, created_at, due_fen, rounding_fen, status, mutation_id, body)
  SELECT 'pgb-' || :base || '-' || g, 'PGB', 'T' || :client_id, 'PGB-' || :base || '-' || g, 'E1', current_date, now(), 900, 0, 'completed',
         'PGB.' || :base || '.' || g, '${BODY}'::jsonb
    FROM generate_series(1, ${batch}) AS g;
INSERT INTO applied_mutations (store_id, terminal_id, epoch, seq, mutation_id, type, entity_id, payload_hash, result)
  SELECT 'PGB', 'T' || :client_id, 1, :base::bigint * 1000 + g, 'PGB.' || :base || '.' || g, 'sale.completed', 'pgb-' || :base || '-' || g,
         md5(g::text) || md5(:base::text), '{"status":"applied"}'::jsonb
    FROM generate_series(1, ${batch}) AS g;
UPDATE terminal_epochs SET last_applied_seq = last_applied_seq + ${batch} WHERE store_id = 'PGB' AND terminal_id = 'T' || :client_id AND epoch = 1;
END;
`;
}

export interface CeilingResult {
  tps: number;
  batch: number;
  clients: number;
  seconds: number;
  mutationsPerSecond: number;
}

export async function pgbenchCeiling(opts: {
  databaseUrl: string;
  batch?: number;
  clients?: number;
  seconds?: number;
}): Promise<CeilingResult> {
  const bin = pgbenchPath();
  if (!bin) throw new Error('pgbench not found (apt-get install postgresql)');
  const batch = opts.batch ?? 100;
  const clients = opts.clients ?? 8;
  const seconds = opts.seconds ?? 20;
  const db = await openBackend('postgres', opts.databaseUrl);
  try {
    await migrate(db);
    const schema = (await db.query<{ s: string }>(`SELECT current_schema() AS s`)).rows[0]!.s;
    await db.query(`INSERT INTO stores (id, name, name_en) VALUES ('PGB', 'pgbench', 'pgbench')`);
    for (let c = 0; c < clients; c++) {
      await db.query(`INSERT INTO terminals (store_id, id, name) VALUES ('PGB', $1, $1)`, [`T${c}`]);
      await db.query(
        `INSERT INTO terminal_epochs (store_id, terminal_id, epoch, last_applied_seq) VALUES ('PGB', $1, 1, 0)`,
        [`T${c}`],
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
    const file = join(dir, 'push.sql');
    writeFileSync(file, script(batch));
    const { stdout } = await run(
      bin,
      ['-n', '-f', file, '-c', String(clients), '-j', '2', '-T', String(seconds), opts.databaseUrl],
      { env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` }, maxBuffer: 16 * 1024 * 1024 },
    );
    const m = /tps = ([\d.]+)/.exec(stdout);
    if (!m) throw new Error(`no tps in pgbench output: ${stdout.slice(-500)}`);
    const tps = Number(m[1]);
    return {
      tps: Math.round(tps * 10) / 10,
      batch,
      clients,
      seconds,
      mutationsPerSecond: Math.round(tps * batch),
    };
  } finally {
    await db.close();
  }
}

if (process.argv[1]?.endsWith('pgbenchCeiling.ts')) {
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL');
  console.log(JSON.stringify(await pgbenchCeiling({ databaseUrl: url })));
}
