/** SCIM schemas and resource types read from resource files, attribute paths, canonical names. Part of {@code scim}. */
package dev.scimhub.scim.schema;
