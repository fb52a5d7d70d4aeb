-- The console: one-time portal links a platform admin sends a tenant's IT admin, and the browser sessions they (and
-- platform staff) start. Staff rows have tenant_id '*' (no tenant), as platform-wide webhooks do.

CREATE TABLE portal_link (
  tenant_id   text        NOT NULL,
  id          uuid        NOT NULL,
  -- SHA-256 of the link's secret; the secret is only in the URL handed out once.
  hash        bytea       NOT NULL,
  intent      text        NOT NULL CHECK (intent IN ('setup', 'tokens', 'activity', 'settings', 'staff')),
  return_url  text,
  created_by  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  redeemed_at timestamptz,
  revoked_at  timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, hash)
);

CREATE TABLE console_session (
  tenant_id    text        NOT NULL,
  -- SHA-256 of the cookie's secret.
  hash         bytea       NOT NULL,
  role         text        NOT NULL CHECK (role IN ('tenant-admin', 'platform-admin')),
  subject      text        NOT NULL,
  link_id      uuid,
  return_url   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  PRIMARY KEY (tenant_id, hash)
);

CREATE INDEX console_session_expiry ON console_session (expires_at);
