-- Buy online, pick up in store (issue 5): who readied and handed over each order, every handover kept
-- (a second one from an offline till is a conflict for a manager, not lost), the store's hold days.

ALTER TABLE pickup_orders ADD COLUMN readied_by text;
ALTER TABLE pickup_orders ADD COLUMN location text;
ALTER TABLE pickup_orders ADD COLUMN handed_over_terminal text;
ALTER TABLE pickup_orders ADD COLUMN cancelled_at timestamptz;
ALTER TABLE pickup_orders ADD COLUMN expired_at timestamptz;
CREATE INDEX pickup_orders_due ON pickup_orders (state, pickup_by);

-- Every handover the CRM received, in the order it processed them. Only the first one of an order is
-- credited to the store's and the staff member's performance; later ones are kept for the issue.
CREATE TABLE pickup_handovers (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES pickup_orders (id),
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  staff_id text NOT NULL,
  handed_over_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  mutation_id text NOT NULL UNIQUE,
  amount_fen bigint NOT NULL,
  verified_by text NOT NULL,
  offline boolean NOT NULL DEFAULT false,
  collector jsonb,
  item_check jsonb,
  approved_by text,
  credited boolean NOT NULL
);
CREATE INDEX pickup_handovers_order ON pickup_handovers (order_id, received_at);
CREATE INDEX pickup_handovers_credit ON pickup_handovers (store_id, credited, handed_over_at);

-- Days a ready order waits before it expires; stores without a row use the CRM's default.
CREATE TABLE pickup_policy (
  store_id text PRIMARY KEY REFERENCES stores (id),
  hold_days integer NOT NULL CHECK (hold_days BETWEEN 1 AND 60)
);
