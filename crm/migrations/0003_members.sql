-- Membership at the till (issue 4): the keys that sign member QR tokens, and the rules a till applies offline.

-- Ed25519 keys for member tokens. The secret never leaves the CRM; terminals get the public half (GET
-- /members/config). New tokens use the newest active key; retired keys stay verifiable for a while.
CREATE TABLE member_signing_keys (
  kid text PRIMARY KEY,
  secret_key text NOT NULL,
  public_key text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- One row: the chain's points and coupon policy.
CREATE TABLE member_rules (
  id integer PRIMARY KEY CHECK (id = 1),
  earn_points_per_yuan integer NOT NULL,
  redeem_points_per_yuan integer NOT NULL CHECK (redeem_points_per_yuan > 0),
  redeem_min_points integer NOT NULL,
  redeem_max_rate_bp integer NOT NULL CHECK (redeem_max_rate_bp BETWEEN 0 AND 10000),
  redeem_max_points_per_sale integer NOT NULL,
  offline_cap_points integer NOT NULL,
  coupons_max_per_sale integer NOT NULL CHECK (coupons_max_per_sale >= 1),
  token_ttl_s integer NOT NULL,
  member_cache_ttl_s integer NOT NULL
);
INSERT INTO member_rules VALUES (1, 1, 100, 100, 5000, 50000, 2000, 1, 60, 604800);

-- Tiers: points multiplier and the 12-month spend that reaches the tier.
ALTER TABLE tiers ADD COLUMN earn_multiplier_bp integer NOT NULL DEFAULT 10000;
ALTER TABLE tiers ADD COLUMN upgrade_spend_fen bigint;
UPDATE tiers SET earn_multiplier_bp = points_per_yuan * 10000;

-- A tier's price for one category (overrides the tier's discount_bp there).
CREATE TABLE tier_category_discounts (
  tier text NOT NULL REFERENCES tiers (code),
  category_id text NOT NULL REFERENCES categories (id),
  discount_bp integer NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (tier, category_id)
);

-- Points per category: a multiplier, or excluded altogether.
CREATE TABLE earn_category_rules (
  category_id text PRIMARY KEY REFERENCES categories (id),
  multiplier_bp integer NOT NULL DEFAULT 10000,
  excluded boolean NOT NULL DEFAULT false
);

-- Coupons: category scope, whether a till may accept one offline, whether it combines with others.
ALTER TABLE coupons ADD COLUMN category_ids jsonb NOT NULL DEFAULT '[]';
ALTER TABLE coupons ADD COLUMN offline_allowed boolean NOT NULL DEFAULT true;
ALTER TABLE coupons ADD COLUMN stackable boolean NOT NULL DEFAULT false;
CREATE INDEX coupons_member ON coupons (member_id) WHERE member_id IS NOT NULL;

-- Tags staff may see on the profile (set by marketing), next to the member's own preferences.
ALTER TABLE members ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';

-- Who saw a full phone number, with the manager who approved it.
CREATE TABLE member_phone_reveals (
  id bigserial PRIMARY KEY,
  member_id text NOT NULL REFERENCES members (id),
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  staff_id text NOT NULL,
  approved_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
