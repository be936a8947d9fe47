-- The reference CRM's schema. Amounts are integer fen (bigint), points are integers, times are timestamptz (UTC).

CREATE TABLE stores (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A terminal id (T03) is unique within its store.
CREATE TABLE terminals (
  store_id text NOT NULL REFERENCES stores (id),
  id text NOT NULL,
  name text NOT NULL DEFAULT '',
  public_key text,
  credential_hash text UNIQUE,
  current_epoch integer NOT NULL DEFAULT 0,
  enrolled_at timestamptz,
  PRIMARY KEY (store_id, id)
);

-- One row per epoch: a new local database on the till starts a new epoch, seq restarts at 1.
CREATE TABLE terminal_epochs (
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  epoch integer NOT NULL,
  installation_id text,
  last_applied_seq bigint NOT NULL DEFAULT 0,
  issued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, terminal_id, epoch),
  FOREIGN KEY (store_id, terminal_id) REFERENCES terminals (store_id, id)
);

CREATE TABLE enrollment_codes (
  code_hash text PRIMARY KEY,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_installation_id text,
  used_epoch integer,
  FOREIGN KEY (store_id, terminal_id) REFERENCES terminals (store_id, id)
);

CREATE TABLE staff (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('cashier', 'manager', 'floor')),
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE categories (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL
);

CREATE TABLE products (
  id text PRIMARY KEY,
  barcode text NOT NULL UNIQUE,
  alt_barcodes jsonb NOT NULL DEFAULT '[]',
  name text NOT NULL,
  name_en text NOT NULL,
  pinyin text NOT NULL,
  category_id text NOT NULL REFERENCES categories (id),
  price_fen bigint NOT NULL CHECK (price_fen >= 0),
  unit text NOT NULL CHECK (unit IN ('piece', 'kg')),
  plu text,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE tiers (
  code text PRIMARY KEY,
  name text NOT NULL,
  discount_bp integer NOT NULL,
  points_per_yuan integer NOT NULL,
  rank integer NOT NULL
);

CREATE TABLE members (
  id text PRIMARY KEY,
  card_no text NOT NULL UNIQUE,
  name text NOT NULL,
  phone text NOT NULL UNIQUE,
  tier text NOT NULL REFERENCES tiers (code),
  points_balance bigint NOT NULL DEFAULT 0,
  preferences jsonb NOT NULL DEFAULT '[]',
  joined_on date NOT NULL,
  active boolean NOT NULL DEFAULT true
);

-- Every points movement, keyed by an id unique forever (made on the till for sales), so nothing counts twice.
CREATE TABLE points_ledger (
  entry_id text PRIMARY KEY,
  member_id text NOT NULL REFERENCES members (id),
  delta bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('earn', 'redeem', 'reverse', 'expire', 'adjust')),
  mutation_id text,
  sale_id text,
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX points_ledger_member ON points_ledger (member_id, created_at);
CREATE INDEX points_ledger_sale ON points_ledger (sale_id);

-- Earned points expire by lot; redemptions draw from the lot that expires first.
CREATE TABLE points_lots (
  entry_id text PRIMARY KEY REFERENCES points_ledger (entry_id),
  member_id text NOT NULL REFERENCES members (id),
  points bigint NOT NULL,
  remaining bigint NOT NULL,
  expires_on date NOT NULL
);
CREATE INDEX points_lots_member ON points_lots (member_id, expires_on);

CREATE TABLE coupons (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  member_id text REFERENCES members (id),
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('amount', 'percent')),
  value_fen bigint,
  rate_bp integer,
  min_spend_fen bigint NOT NULL DEFAULT 0,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  state text NOT NULL CHECK (state IN ('issued', 'used', 'expired', 'void')),
  used_sale_id text,
  used_mutation_id text
);

CREATE TABLE pickup_orders (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  code text NOT NULL,
  member_id text REFERENCES members (id),
  customer_name text NOT NULL,
  phone text NOT NULL,
  channel text NOT NULL,
  state text NOT NULL CHECK (state IN ('paid', 'preparing', 'ready', 'handedOver', 'cancelled', 'expired')),
  lines jsonb NOT NULL,
  total_fen bigint NOT NULL,
  ordered_at timestamptz NOT NULL,
  ready_at timestamptz,
  pickup_by timestamptz,
  handed_over_at timestamptz,
  handed_over_by text,
  handover_mutation_id text,
  UNIQUE (store_id, code)
);

-- Purchase history for the member profile: in-store sales and online orders.
CREATE TABLE member_purchases (
  id text PRIMARY KEY,
  member_id text NOT NULL REFERENCES members (id),
  channel text NOT NULL CHECK (channel IN ('store', 'online')),
  at timestamptz NOT NULL,
  store_id text,
  total_fen bigint NOT NULL,
  items jsonb NOT NULL
);
CREATE INDEX member_purchases_member ON member_purchases (member_id, at DESC);

-- Sales intake: the sale as the till recorded it; received_at is the CRM's own clock.
CREATE TABLE sales (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  receipt_no text NOT NULL,
  cashier_id text NOT NULL,
  shift_id text,
  business_date date NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  member_id text,
  due_fen bigint NOT NULL,
  rounding_fen bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('completed', 'voided')),
  mutation_id text NOT NULL UNIQUE,
  body jsonb NOT NULL
);
CREATE INDEX sales_shift ON sales (shift_id);

CREATE TABLE refunds (
  id text PRIMARY KEY,
  original_sale_id text NOT NULL,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  receipt_no text NOT NULL,
  total_fen bigint NOT NULL,
  staff_id text NOT NULL,
  mutation_id text NOT NULL UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now(),
  body jsonb NOT NULL
);
CREATE INDEX refunds_original ON refunds (original_sale_id);

CREATE TABLE shift_reports (
  shift_id text PRIMARY KEY,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  cashier_id text NOT NULL,
  business_date date NOT NULL,
  report jsonb NOT NULL,
  received_sale_count integer NOT NULL,
  received_total_fen bigint NOT NULL,
  state text NOT NULL CHECK (state IN ('balanced', 'mismatch')),
  mutation_id text NOT NULL UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Exactly-once intake: one row per (terminal, epoch, seq) with the answer that was given.
CREATE TABLE applied_mutations (
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  mutation_id text NOT NULL UNIQUE,
  type text NOT NULL,
  entity_id text NOT NULL,
  payload_hash text NOT NULL,
  result jsonb NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, terminal_id, epoch, seq)
);

CREATE TABLE issues (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  kind text NOT NULL,
  state text NOT NULL CHECK (state IN ('open', 'resolved')),
  title text NOT NULL,
  subject_id text NOT NULL,
  refs jsonb NOT NULL,
  actions jsonb NOT NULL,
  -- The same conflict reported twice (a replay) stays one issue.
  dedup_key text NOT NULL UNIQUE,
  resolution jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issues_store_state ON issues (store_id, state, created_at);

-- The change log behind pull. xid is the writing transaction's id; a pull reads only rows whose
-- transaction is below every still-running one, in (xid, id) order (docs/decisions/0010).
CREATE TABLE change_log (
  id bigserial PRIMARY KEY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream text NOT NULL,
  kind text NOT NULL,
  entity_id text NOT NULL,
  store_id text,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  data jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_stream_order ON change_log (stream, xid, id);
CREATE INDEX change_log_entity ON change_log (stream, kind, entity_id);

-- Per stream, the newest position the log was compacted through: older cursors get a reset.
CREATE TABLE change_log_horizon (
  stream text PRIMARY KEY,
  xid xid8 NOT NULL,
  id bigint NOT NULL
);
