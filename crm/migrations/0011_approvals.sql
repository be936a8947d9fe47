-- Approvals the CRM can verify (issue 15, docs/decisions/0040).

-- HMAC key of the staff member's badge (hex SHA-256 of 'SB1-approval-key\n' + code): the CRM recomputes offline
-- badge approvals with it. Never sent to tills (they get badge_hash only).
ALTER TABLE staff ADD COLUMN badge_key text;

-- Every approval the CRM checked: for a mutation (mutation_id) or a route call, with the verdict.
CREATE TABLE approval_checks (
  id bigserial PRIMARY KEY,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  mutation_id text,
  action text NOT NULL,
  subject_id text NOT NULL,
  amount_fen bigint NOT NULL DEFAULT 0,
  kind text,
  approver_id text,
  verdict text NOT NULL CHECK (verdict IN ('ok', 'unconfirmed', 'invalid', 'missing')),
  reason text,
  shift_id text,
  issue_id text,
  checked_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX approval_checks_mutation ON approval_checks (mutation_id, action, subject_id);
CREATE INDEX approval_checks_shift ON approval_checks (shift_id, verdict);

-- A proof pays for one use: the first use's key; another use of the same proof is a replay.
CREATE TABLE approval_uses (
  proof_id text PRIMARY KEY,
  use_key text NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now()
);

-- Failed online approvals per terminal and per approver (rate limit and lockout of POST /approvals).
CREATE TABLE approval_attempts (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- What the approval check said about a refund or cash move (ok, unconfirmed, invalid, missing; null: not needed).
ALTER TABLE refunds ADD COLUMN approval text;
ALTER TABLE cash_moves ADD COLUMN approval text;
ALTER TABLE shift_reports ADD COLUMN unconfirmed_approvals integer;
