/**
 * The composition root: command line, typed configuration, {@code Application} (builds everything once), the HTTP
 * verticle and the route table. May import every package.
 */
package dev.scimhub;
