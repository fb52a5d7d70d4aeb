-- A tenant's custom attributes: schema documents (RFC 7643 section 7, plus the resource type they extend), one per
-- URN. They are read with the tenant's token check and cached with it.
CREATE TABLE tenant_schema (
  tenant_id  text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
  urn        text        NOT NULL,
  document   jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, urn)
);
