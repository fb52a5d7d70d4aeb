package dev.scimhub;

import dev.scimhub.db.Database;
import dev.scimhub.scim.schema.Schemas;

/**
 * What every HTTP verticle instance is built from; everything here was prepared by blocking work at start, before
 * the verticles deploy.
 */
public record Application(AppConfig config, Database database, Schemas schemas, String jwtSecret) {}
