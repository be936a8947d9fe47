-- Shifts (issue 7): shifts opened and closed at each till, cash moves, refunds by shift, and the indexes the Z
-- check and the manager's day view read by.

CREATE TABLE shifts (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  cashier_id text NOT NULL,
  cashier_name text,
  business_date date NOT NULL,
  opened_at timestamptz NOT NULL,
  float_fen bigint NOT NULL,
  denominations jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL CHECK (state IN ('open', 'closed')),
  closed_at timestamptz,
  z_no integer,
  open_mutation_id text UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shifts_store_day ON shifts (store_id, business_date, terminal_id);

CREATE TABLE cash_moves (
  id text PRIMARY KEY,
  shift_id text NOT NULL,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('payIn', 'payOut', 'drop')),
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  reason text NOT NULL,
  staff_id text NOT NULL,
  approved_by text,
  at timestamptz NOT NULL,
  mutation_id text NOT NULL UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cash_moves_shift ON cash_moves (shift_id);

ALTER TABLE refunds ADD COLUMN shift_id text;
ALTER TABLE refunds ADD COLUMN business_date date;
CREATE INDEX refunds_shift ON refunds (shift_id);

ALTER TABLE shift_reports ADD COLUMN z_no integer;
ALTER TABLE shift_reports ADD COLUMN variance_fen bigint;
ALTER TABLE shift_reports ADD COLUMN received_refund_count integer;
ALTER TABLE shift_reports ADD COLUMN received_refund_fen bigint;

-- Receipt-number checks per till and day, and the day view's hourly chart.
CREATE INDEX sales_terminal_day ON sales (store_id, terminal_id, business_date, receipt_no);
CREATE INDEX sales_store_day ON sales (store_id, business_date);
