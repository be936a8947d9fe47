-- Sales checked on arrival (issue 15, docs/decisions/0043). A sale that fails the CRM's check is stored all the
-- same (it happened) but flagged: the reasons, whether its side effects (points, coupons, member purchase history)
-- are held for a manager, what to apply when they are released, and whether its amounts count in the day's totals.
-- received_at (the CRM's own clock) is in the sales table since 0001.
ALTER TABLE sales ADD COLUMN flags jsonb;
ALTER TABLE sales ADD COLUMN effects_held boolean NOT NULL DEFAULT false;
ALTER TABLE sales ADD COLUMN held_effects jsonb;
ALTER TABLE sales ADD COLUMN counted boolean NOT NULL DEFAULT true;
-- Receipt numbers are checked for duplicates store-wide on every arrival, and looked up for refunds.
CREATE INDEX sales_store_receipt ON sales (store_id, receipt_no);
CREATE INDEX sales_held ON sales (store_id) WHERE effects_held;
-- The machine-readable reasons behind an issue ({code, path, text}), for the sale checks and whoever else needs them.
ALTER TABLE issues ADD COLUMN reasons jsonb;
