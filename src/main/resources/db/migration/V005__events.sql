-- The outbox: every change of the directory records its events in the transaction that makes it. Nothing numbers
-- them there: a counter row locked by every writer of a tenant until its commit would serialise the tenant's writes
-- on the disk flush. The sequencer (one at a time across nodes, an advisory lock) numbers committed events after the
-- fact, so a number is given only to what has committed and a reader can never later meet a smaller one.
--
-- No foreign key to tenant: a tenant's last events (tenant.deleted among them) outlive it until retention.
CREATE TABLE event (
  tenant_id   text        NOT NULL,
  id          uuid        NOT NULL,
  -- Insertion order: the sequencer numbers committed events in this order. A change to a resource waits for the
  -- row lock of the one before it, so the events of one resource are recorded, and numbered, in commit order.
  recorded    bigint      GENERATED ALWAYS AS IDENTITY,
  -- Per tenant, gap-free from 1; null until the sequencer has numbered the event.
  sequence    bigint,
  -- Across tenants: the events API's cursor; null until numbered.
  position    bigint,
  type        text        NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- json, not jsonb: never queried inside, only stored and sent as written (no parse into binary, key order kept).
  data        json        NOT NULL,
  context     json        NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX event_tenant_position ON event (tenant_id, position);
-- The platform-wide feed reads across tenants by position: the one index that cannot start with tenant_id.
CREATE UNIQUE INDEX event_position ON event (position);
CREATE INDEX event_unnumbered ON event (recorded) WHERE sequence IS NULL;

-- The last number given per tenant, and the last one retention removed (older cursors are expired).
CREATE TABLE event_counter (
  tenant_id     text   PRIMARY KEY,
  last_sequence bigint NOT NULL DEFAULT 0
);

-- The feed across tenants: the last position given, and the last one retention removed.
CREATE TABLE event_feed (
  singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_position    bigint  NOT NULL DEFAULT 0,
  expired_position bigint  NOT NULL DEFAULT 0
);
INSERT INTO event_feed DEFAULT VALUES;
