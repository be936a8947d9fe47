-- Issue 15: spending a member's points or coupons needs the member's signed code from the sale, and each code
-- pays for one sale only. Coupons anyone may use are bearer coupons by their rule. Refunds record what the CRM
-- itself moved (points taken back and given back) and which store sold; a chain setting says whether one store
-- may refund another store's sale.

-- A member code (MT1. token) that paid for a sale: its jti, once, forever.
CREATE TABLE member_proofs (
  jti text PRIMARY KEY,
  member_id text NOT NULL,
  sale_id text NOT NULL,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_proofs_sale ON member_proofs (sale_id);

-- A bearer coupon may be used by whoever holds it (printed flyers); any other needs its member, with proof.
ALTER TABLE coupons ADD COLUMN bearer boolean NOT NULL DEFAULT false;
UPDATE coupons SET bearer = true WHERE member_id IS NULL;

-- What the CRM computed for each refund, so later refunds of the same sale never move more than the sale did.
ALTER TABLE refunds ADD COLUMN original_store_id text;
ALTER TABLE refunds ADD COLUMN points_reversed bigint NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN points_restored bigint NOT NULL DEFAULT 0;
-- Refunds applied before: what the CRM applied then was the till's figure.
UPDATE refunds SET points_reversed = coalesce((body->'pointsReversal'->>'points')::bigint, 0),
                   points_restored = coalesce((body->'pointsRestore'->>'points')::bigint, 0);
UPDATE refunds r SET original_store_id = s.store_id FROM sales s WHERE s.id = r.original_sale_id;

-- Chain-wide settings (key -> JSON value).
CREATE TABLE IF NOT EXISTS chain_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
-- 'allow': a store may refund a sale of another store of the chain (the original fetched from the CRM); 'deny'.
INSERT INTO chain_settings (key, value) VALUES ('refunds.crossStore', '"allow"') ON CONFLICT (key) DO NOTHING;
