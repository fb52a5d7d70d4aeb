-- Webhook endpoints and their deliveries. An endpoint belongs to one tenant (its events only) or, with tenant_id
-- '*', to the platform (every tenant's events); '*' is no tenant id, which are lowercase letters, digits and '-'.
CREATE TABLE webhook_endpoint (
  tenant_id           text        NOT NULL,
  id                  uuid        NOT NULL,
  url                 text        NOT NULL,
  -- Event types and families ('user.*'); null: every type.
  types               text[],
  enabled             boolean     NOT NULL DEFAULT true,
  disabled_reason     text,
  -- The signing secret, encrypted (AES-GCM): it must be used to sign, so it cannot be only a hash.
  secret              bytea       NOT NULL,
  -- After a rotation, the old secret signs too until previous_expires_at.
  previous_secret     bytea,
  previous_expires_at timestamptz,
  -- Events up to this position have their delivery rows (or were not for this endpoint).
  fanned_position     bigint      NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX webhook_endpoint_id ON webhook_endpoint (id);

-- One row per event and endpoint: where its delivery stands. Per endpoint and tenant, only the oldest pending one is
-- sent, so a tenant's events arrive in sequence order and a failing one holds back only that tenant's later ones.
CREATE TABLE webhook_delivery (
  tenant_id        text        NOT NULL,
  endpoint_id      uuid        NOT NULL,
  event_id         uuid        NOT NULL,
  position         bigint      NOT NULL,
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         int         NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  -- A node sending it holds it until then; after that (the node died) another may send it again.
  leased_until     timestamptz,
  last_attempt_at  timestamptz,
  last_status      int,
  last_error       text,
  PRIMARY KEY (tenant_id, endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_pending ON webhook_delivery (endpoint_id, tenant_id, position) WHERE status = 'pending';
CREATE INDEX webhook_delivery_listing ON webhook_delivery (endpoint_id, position);

-- Every attempt, kept: what was answered, how fast, and the start of the answer's body.
CREATE TABLE webhook_attempt (
  tenant_id   text        NOT NULL,
  endpoint_id uuid        NOT NULL,
  event_id    uuid        NOT NULL,
  attempt     int         NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  status      int,
  duration_ms int         NOT NULL,
  response    text,
  error       text,
  PRIMARY KEY (tenant_id, endpoint_id, event_id, attempt)
);
