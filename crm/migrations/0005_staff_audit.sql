-- Staff badges and the tills' audit logs (issue 7, docs/decisions/0034).

-- Hex SHA-256 of the badge code (SB1.<id>.<secret>); a lost badge gets a new secret, so a new hash.
ALTER TABLE staff ADD COLUMN badge_hash text;

-- Every audit entry a till sent, as sent, with what the chain check said on arrival. Append-only.
CREATE TABLE audit_entries (
  entry_id text PRIMARY KEY,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  chain_id text NOT NULL,
  idx bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  action text NOT NULL,
  actor_id text NOT NULL,
  approved_by text,
  detail jsonb NOT NULL,
  at timestamptz NOT NULL,
  mutation_id text NOT NULL UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- null: the entry follows the one before; otherwise why not (hashMismatch, prevHashMismatch, indexGap, badStart).
  chain_break text
);
CREATE INDEX audit_entries_chain ON audit_entries (store_id, terminal_id, chain_id, idx);
CREATE INDEX audit_entries_store_at ON audit_entries (store_id, at);

-- The last entry of each chain: the next one must point at it.
CREATE TABLE audit_chains (
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  chain_id text NOT NULL,
  last_index bigint NOT NULL,
  last_hash text NOT NULL,
  last_entry_id text NOT NULL,
  last_mutation_id text NOT NULL,
  entries bigint NOT NULL DEFAULT 0,
  breaks bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, terminal_id, chain_id)
);
