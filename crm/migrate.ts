// Applies crm/migrations/NNNN_name.sql in order, each in its own transaction, recorded in schema_migrations.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const sql = readFileSync(dir + file, 'utf8');
    const done = await db.transaction(async (tx) => {
      // Two CRM processes starting at once on one server: the lock makes the second wait, then skip.
      await tx.query(`SELECT pg_advisory_xact_lock(727001)`);
      const seen = await tx.query(`SELECT 1 FROM schema_migrations WHERE name = $1`, [file]);
      if (seen.rows.length > 0) return false;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (name) VALUES ($1)`, [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}

/** Splits on semicolons at line ends; our migrations keep no semicolons inside strings or bodies. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
