-- Voiding a sale gives its coupons back (UPDATE coupons ... WHERE used_sale_id = $1): without an index that
-- is a scan of every coupon ever issued, inside the push transaction.
CREATE INDEX coupons_used_sale ON coupons (used_sale_id) WHERE used_sale_id IS NOT NULL;
