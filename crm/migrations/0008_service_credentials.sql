-- Service credentials (issues 15 and 16, docs/decisions/0042): the online mall (and later other services) calls the
-- CRM with its own bearer credential, never a till's. Only the SHA-256 of each secret is kept. A service may hold
-- several active credentials at once so that a new one can be rolled out before the old one is revoked.

CREATE TABLE service_credentials (
  id text PRIMARY KEY,
  service text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  -- Where it came from: 'env' (configured at start, revoked when no longer configured), 'demo' (demo mode),
  -- 'manual' (added by an operator through crm/serviceCredentials.ts).
  source text NOT NULL CHECK (source IN ('env', 'demo', 'manual')),
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX service_credentials_active ON service_credentials (service) WHERE revoked_at IS NULL;
