-- The request log: every SCIM request of a tenant, rejected ones included, redacted (no password, token or secret).
-- In daily partitions (request_log_YYYYMMDD, made ahead by the server), so expiry drops a partition, not rows.
-- tenant_id is the one in the request's path, whether or not such a tenant exists.
CREATE TABLE request_log (
  tenant_id         text             NOT NULL,
  at                timestamptz      NOT NULL,
  id                uuid             NOT NULL,
  request_id        text             NOT NULL,
  method            text             NOT NULL,
  route             text             NOT NULL,
  path              text             NOT NULL,
  query             text,
  status            int              NOT NULL,
  scim_type         text,
  detail            text,
  duration_ms       double precision NOT NULL,
  token_id          uuid,
  token_label       text,
  auth_failure      text,
  client_address    text,
  user_agent        text,
  identity_provider text,
  resource_type     text,
  resource_id       text,
  user_name         text,
  display_name      text,
  external_id       text,
  request_body      text,
  response_body     text,
  quirks            text[],
  outcome           text             NOT NULL CHECK (outcome IN ('applied', 'no-op', 'rejected', 'read')),
  event_count       int              NOT NULL DEFAULT 0,
  event_ids         uuid[],
  PRIMARY KEY (tenant_id, at, id)
) PARTITION BY RANGE (at);
-- Two indexes besides the key, each a cost on every request: one request by id, and a user's requests by userName.
-- The other filters (status, request id, resource, ...) narrow the tenant's newest-first scan.
CREATE INDEX request_log_by_id ON request_log (tenant_id, id);
CREATE INDEX request_log_by_user_name ON request_log (tenant_id, lower(user_name), at);

-- Connection health: per tenant and connection (token id, or '' for requests no token admitted), kept up to date by
-- the request log's writer so that reading it scans nothing.
CREATE TABLE connection_health (
  tenant_id          text        NOT NULL,
  token_key          text        NOT NULL,
  token_label        text,
  first_seen         timestamptz NOT NULL,
  last_seen          timestamptz NOT NULL,
  last_success       timestamptz,
  last_error_at      timestamptz,
  last_error_status  int,
  last_error_detail  text,
  last_auth_failure  text,
  last_error_path    text,
  identity_provider  text,
  user_agent         text,
  quirks             text[],
  PRIMARY KEY (tenant_id, token_key)
);

-- Requests by status class in five-minute buckets: the last hour is 12 rows, the last day 288.
CREATE TABLE connection_counts (
  tenant_id text        NOT NULL,
  token_key text        NOT NULL,
  bucket    timestamptz NOT NULL,
  c2xx      int         NOT NULL DEFAULT 0,
  c3xx      int         NOT NULL DEFAULT 0,
  c4xx      int         NOT NULL DEFAULT 0,
  c5xx      int         NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, token_key, bucket)
);
