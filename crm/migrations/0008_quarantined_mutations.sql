-- What a till sent in place of a record the CRM kept failing (docs/decisions/0041): the original payload as
-- base64 of its JSON (bounded), kept for the manager who settles the issue. The seq itself is answered
-- 'rejected' (reason 'quarantined') in applied_mutations like any other.
CREATE TABLE quarantined_mutations (
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  mutation_id text NOT NULL,
  original_type text NOT NULL,
  entity_id text NOT NULL,
  payload_hash text NOT NULL,
  payload_b64 text NOT NULL,
  truncated boolean NOT NULL,
  error text NOT NULL,
  issue_id text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, terminal_id, epoch, seq)
);
