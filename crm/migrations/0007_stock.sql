-- Floor staff on handhelds (issue 8, docs/decisions/0037): stock per store and product, the stores near each
-- store, and the online mall's orders with the store and staff credit their attribution code carries.

CREATE TABLE store_stock (
  store_id text NOT NULL REFERENCES stores (id),
  product_id text NOT NULL REFERENCES products (id),
  qty integer NOT NULL CHECK (qty >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, product_id)
);
CREATE INDEX store_stock_product ON store_stock (product_id);

-- Stores a customer can be sent to, by distance (metres) from the store asking.
CREATE TABLE store_neighbours (
  store_id text NOT NULL REFERENCES stores (id),
  neighbour_id text NOT NULL REFERENCES stores (id),
  distance_m integer NOT NULL CHECK (distance_m >= 0),
  PRIMARY KEY (store_id, neighbour_id),
  CHECK (store_id <> neighbour_id)
);

-- Codes the CRM issued to a member of staff on a handheld; the mall carries one back with an order.
CREATE TABLE attribution_codes (
  code text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  terminal_id text NOT NULL,
  staff_id text NOT NULL REFERENCES staff (id),
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX attribution_codes_staff ON attribution_codes (store_id, staff_id, terminal_id, issued_at);

-- Orders the online mall placed, as received; the mall's order id makes a retried order one order.
CREATE TABLE mall_orders (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products (id),
  qty integer NOT NULL CHECK (qty > 0),
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  attribution_code text,
  -- Why a code that came with the order credits nobody (malformed, unknown, expired, staffNotInStore).
  attribution_refused text,
  ordered_at timestamptz NOT NULL DEFAULT now()
);

-- The store's credit for an online order: which store and member of staff sent the customer.
CREATE TABLE order_attributions (
  order_id text PRIMARY KEY REFERENCES mall_orders (id),
  store_id text NOT NULL REFERENCES stores (id),
  staff_id text NOT NULL,
  terminal_id text,
  product_id text NOT NULL,
  amount_fen bigint NOT NULL,
  -- issued: a code the CRM issued; checked: a code the handheld composed offline, checked against the staff list.
  method text NOT NULL CHECK (method IN ('issued', 'checked')),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_attributions_store ON order_attributions (store_id, recorded_at);
