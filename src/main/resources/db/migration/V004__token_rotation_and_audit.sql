-- Token rotation with a grace period, the audit trail, and the tenant's last SCIM activity.

-- After a reset with a grace period, the previous value keeps working until previous_expires_at.
ALTER TABLE api_token
  ADD COLUMN previous_hash       bytea,
  ADD COLUMN previous_expires_at timestamptz;
CREATE UNIQUE INDEX api_token_previous_hash ON api_token (previous_hash) WHERE previous_hash IS NOT NULL;

-- Written in batches from memory, never once per request.
ALTER TABLE tenant ADD COLUMN last_activity_at timestamptz;

-- Who did what to a tenant and its tokens. No foreign key: the record of an offboarding outlives the tenant.
CREATE TABLE audit_event (
  tenant_id text        NOT NULL,
  id        bigint      GENERATED ALWAYS AS IDENTITY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text        NOT NULL,
  action    text        NOT NULL,
  detail    jsonb       NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id)
);
