-- SCIM Groups. Membership is rows, never a JSON array: adding one member to a 100,000-member group is one insert.

CREATE TABLE scim_group (
  tenant_id     text        NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  display_name  text        NOT NULL,
  external_id   text,
  -- The stored attributes without members, which live in group_member.
  resource      jsonb       NOT NULL,
  version       bigint      NOT NULL DEFAULT 1,
  created       timestamptz NOT NULL DEFAULT now(),
  last_modified timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- displayName is unique per tenant, case-insensitively: Okta links pushed groups by name.
CREATE UNIQUE INDEX scim_group_display_name ON scim_group (tenant_id, lower(display_name));
CREATE INDEX scim_group_external_id ON scim_group (tenant_id, external_id);
CREATE INDEX scim_group_created ON scim_group (tenant_id, created, id);

CREATE TABLE group_member (
  tenant_id text NOT NULL,
  group_id  uuid NOT NULL,
  member_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, group_id, member_id),
  -- A member is a user of the same tenant; deleting either side removes the membership.
  FOREIGN KEY (tenant_id, group_id) REFERENCES scim_group (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES scim_user (tenant_id, id) ON DELETE CASCADE
);

-- A user's groups (User.groups) and the cascade when a user is deleted.
CREATE INDEX group_member_member ON group_member (tenant_id, member_id);
