-- The lower-cased manager.value of the enterprise extension: the id of a linked manager (whose object then also
-- has "$ref"), or, while the manager is not there yet, the id, externalId, userName or e-mail the IdP sent. One key
-- serves both questions scimhub asks: "who waits for this new user as their manager?" and "whose manager was the
-- user just deleted?". Most users have no manager, so the index holds only those that do.
ALTER TABLE scim_user ADD COLUMN manager_key text GENERATED ALWAYS AS (
  lower(resource #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,manager,value}')) STORED;

CREATE INDEX scim_user_manager_key ON scim_user (tenant_id, manager_key) WHERE manager_key IS NOT NULL;
