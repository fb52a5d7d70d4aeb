-- License groups: a group of a tenant linked to a license key the vendor's app defines. A user holds a license while
-- a member of any group linked to it; membership changes of linked groups record license.granted / license.revoked.
-- A link follows its group through renames, and goes with the group.
CREATE TABLE license_link (
  tenant_id  text        NOT NULL,
  group_id   uuid        NOT NULL,
  license    text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, group_id, license),
  FOREIGN KEY (tenant_id, group_id) REFERENCES scim_group (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX license_link_license ON license_link (tenant_id, license);
