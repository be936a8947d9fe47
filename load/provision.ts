// A retail group for the herd: stores S0001.. with four tills each, every till with a one-time enrollment
// code, written in a few statements (a chain of 500 stores takes a second, not a coffee break).
import { randomBytes } from 'node:crypto';
import type { Db } from '../crm/db';
import { hashSecret } from '../crm/ids';

export interface ChainTerminal {
  storeId: string;
  terminalId: string;
  code: string;
}

export function storeIdOf(i: number): string {
  return `L${String(i + 1).padStart(4, '0')}`;
}

export function terminalIdOf(i: number): string {
  return `T${String(i + 1).padStart(2, '0')}`;
}

/** Stores and terminals for `terminals` tills, `tillsPerStore` per store; returns each till's enrollment code. */
export async function provisionChain(
  db: Db,
  opts: { terminals: number; tillsPerStore: number },
): Promise<ChainTerminal[]> {
  const out: ChainTerminal[] = [];
  for (let i = 0; i < opts.terminals; i++)
    out.push({
      storeId: storeIdOf(Math.floor(i / opts.tillsPerStore)),
      terminalId: terminalIdOf(i % opts.tillsPerStore),
      code: randomBytes(9).toString('base64url'),
    });
  const stores = [...new Set(out.map((t) => t.storeId))];
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO stores (id, name, name_en)
       SELECT s, '连锁门店 ' || s, 'Chain store ' || s FROM jsonb_array_elements_text($1::jsonb) AS s
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(stores)],
    );
    await tx.query(
      `INSERT INTO terminals (store_id, id, name)
       SELECT x.store_id, x.terminal_id, x.terminal_id FROM jsonb_to_recordset($1::jsonb) AS x(store_id text, terminal_id text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(out.map((t) => ({ store_id: t.storeId, terminal_id: t.terminalId })))],
    );
    await tx.query(
      `INSERT INTO enrollment_codes (code_hash, store_id, terminal_id, expires_at)
       SELECT x.code_hash, x.store_id, x.terminal_id, now() + interval '1 day'
         FROM jsonb_to_recordset($1::jsonb) AS x(code_hash text, store_id text, terminal_id text)`,
      [
        JSON.stringify(
          out.map((t) => ({ code_hash: hashSecret(t.code), store_id: t.storeId, terminal_id: t.terminalId })),
        ),
      ],
    );
  });
  return out;
}
