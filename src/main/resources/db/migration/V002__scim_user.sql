-- SCIM Users. The resource is JSONB; the attributes identity providers look users up by are also columns with indexes.

-- The lower-cased "value" of each element of a multi-valued attribute, e.g. every address of "emails".
CREATE FUNCTION scim_lower_values(items jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(array_agg(lower(e ->> 'value')) FILTER (WHERE e ->> 'value' IS NOT NULL), '{}')
  FROM jsonb_array_elements(CASE jsonb_typeof(items) WHEN 'array' THEN items ELSE '[]'::jsonb END) AS e
$$;

CREATE TABLE scim_user (
  tenant_id     text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  user_name     text        NOT NULL,
  external_id   text,
  active        boolean     NOT NULL DEFAULT true,
  -- The stored attributes, with canonical names; id, meta, password and groups are never in here.
  resource      jsonb       NOT NULL,
  emails        text[]      GENERATED ALWAYS AS (scim_lower_values(resource -> 'emails')) STORED,
  version       bigint      NOT NULL DEFAULT 1,
  created       timestamptz NOT NULL DEFAULT now(),
  last_modified timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- userName is unique per tenant, case-insensitively (RFC 7643 caseExact=false).
CREATE UNIQUE INDEX scim_user_user_name ON scim_user (tenant_id, lower(user_name));
CREATE INDEX scim_user_external_id ON scim_user (tenant_id, external_id);
CREATE INDEX scim_user_emails ON scim_user USING gin (emails);
-- The default listing order: creation order, so users created during an import page append at the end.
CREATE INDEX scim_user_created ON scim_user (tenant_id, created, id);
