-- Tenants and their API tokens. Every key starts with tenant_id so the data can later be distributed by tenant.

CREATE TABLE tenant (
  -- Lowercase letters, digits and '-', 2-63 characters: it becomes part of the SCIM base URL, and Okta rejects '_'.
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$'),
  name        text        NOT NULL,
  status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  settings    jsonb       NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_token (
  tenant_id    text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
  id           uuid        NOT NULL,
  label        text        NOT NULL,
  -- SHA-256 of the token value; the value itself is never stored.
  hash         bytea       NOT NULL UNIQUE,
  prefix       text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  PRIMARY KEY (tenant_id, id)
);
