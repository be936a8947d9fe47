-- Members prove who they are (issue 16): one-time SMS codes for signing in with a phone number, and the short
-- sessions they buy. Both kept only as hashes; a code dies after a few wrong tries or a few minutes.

CREATE TABLE member_sms_codes (
  id bigserial PRIMARY KEY,
  phone text NOT NULL,
  member_id text NOT NULL REFERENCES members (id),
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  used_at timestamptz
);
CREATE INDEX member_sms_codes_phone ON member_sms_codes (phone, created_at DESC);

CREATE TABLE member_sessions (
  token_hash text PRIMARY KEY,
  member_id text NOT NULL REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX member_sessions_member ON member_sessions (member_id, expires_at);
