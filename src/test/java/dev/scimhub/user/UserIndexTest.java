package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.db.Database;
import dev.scimhub.db.ListQuery;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.filter.Listing;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.support.Tenants;
import dev.scimhub.support.TestDatabase;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lookups identity providers make (by userName, externalId, id, email) are served by indexes: the planner's
 * choice for the store's own listing SQL, over a tenant of 20,000 users among others.
 */
class UserIndexTest {

  private static final int USERS = 20_000;
  private static String tenant;
  private static String someId;

  @BeforeAll
  static void manyUsers() throws Exception {
    tenant = Tenants.randomId();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO tenant (id, name) VALUES ('" + tenant + "', 'index test')");
      s.executeUpdate("""
          INSERT INTO scim_user (tenant_id, id, user_name, external_id, resource)
          SELECT '%s', gen_random_uuid(), 'user' || n || '@example.com', 'ext' || n,
                 jsonb_build_object('schemas', jsonb_build_array('%s'), 'userName', 'user' || n || '@example.com',
                   'externalId', 'ext' || n, 'active', true,
                   'emails', jsonb_build_array(jsonb_build_object('value', 'User' || n || '@Example.com',
                     'type', 'work', 'primary', true)))
          FROM generate_series(1, %d) AS n
          """.formatted(tenant, Schemas.USER, USERS));
      s.execute("ANALYZE scim_user");
      try (ResultSet rows = s.executeQuery("SELECT id FROM scim_user WHERE tenant_id = '" + tenant + "' LIMIT 1")) {
        rows.next();
        someId = rows.getString(1);
      }
    }
  }

  static Stream<Arguments> lookups() {
    return Stream.of(
        Arguments.of("userName eq \"USER77@example.com\"", "scim_user_user_name"),
        Arguments.of("externalId eq \"ext77\"", "scim_user_external_id"),
        Arguments.of("emails.value eq \"user77@example.com\"", "scim_user_emails"),
        Arguments.of("id eq \"%ID%\"", "scim_user_pkey"));
  }

  @ParameterizedTest
  @MethodSource("lookups")
  void lookupIsAnIndexScan(String filter, String index) throws Exception {
    String f = filter.replace("%ID%", someId);
    ListQuery query = UserStore.listQuery(Schemas.load(100).user(), tenant,
        SearchRequest.fromQuery(Map.of("filter", f, "startIndex", "1", "count", "100")::get, 100,
            Tolerance.STRICT));
    String plan = explain(inline(query.pageSql(), query.pageParams()));
    assertTrue(plan.contains(index), () -> f + " should use " + index + ":\n" + plan);
    assertFalse(plan.contains("Seq Scan on scim_user"), () -> f + " must not scan the table:\n" + plan);
  }

  @org.junit.jupiter.api.Test
  void aContinuedPageIsAnIndexRangeScanNotAnOffsetWalk() throws Exception {
    Listing.Continuation after;
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
        "SELECT created, id FROM scim_user WHERE tenant_id = '" + tenant + "' ORDER BY created, id OFFSET 15000 LIMIT 1")) {
      rows.next();
      after = new Listing.Continuation(rows.getObject(1, java.time.OffsetDateTime.class),
          UUID.fromString(rows.getString(2)), true);
    }
    SearchRequest page = SearchRequest.fromQuery(Map.of("startIndex", "15001", "count", "100")::get, 100,
        Tolerance.STRICT);
    ListQuery query = UserStore.listQuery(Schemas.load(100).user(), tenant, page, after);
    String plan = explain(inline(query.pageSql(), query.pageParams()));
    assertTrue(plan.contains("scim_user_created") && plan.contains("ROW(created, id) >="),
        () -> "the page should start at its key in the index:\n" + plan);
    assertTrue(query.pageSql().contains("OFFSET $") && query.pageParams().getValue(query.pageParams().size() - 1)
        .equals(0L), "no rows are skipped by OFFSET");
  }

  /**
   * A filter on a tenant's custom attribute has no index of its own (README: custom attributes), but its statements
   * read only that tenant's rows, through an index that tenant_id leads: the cost grows with the tenant, never with
   * the platform.
   */
  @org.junit.jupiter.api.Test
  void aFilterOnACustomAttributeReadsOnlyItsTenantsRowsThroughAnIndex() throws Exception {
    Schemas platform = Schemas.load(100);
    String urn = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    com.fasterxml.jackson.databind.node.ObjectNode acme = dev.scimhub.scim.schema.CustomSchema.check(platform, urn,
        (com.fasterxml.jackson.databind.node.ObjectNode) dev.scimhub.scim.ScimJson.parseTree(
            "{\"attributes\":[{\"name\":\"costBand\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    // A small tenant beside the 20,000-user one: its filter must not read the other's rows.
    String small = Tenants.randomId();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO tenant (id, name) VALUES ('" + small + "', 'custom filter test')");
      s.executeUpdate("""
          INSERT INTO scim_user (tenant_id, id, user_name, resource)
          SELECT '%s', gen_random_uuid(), 'u' || n || '@example.com',
                 jsonb_build_object('userName', 'u' || n || '@example.com', '%s',
                   jsonb_build_object('costBand', CASE WHEN n %% 7 = 0 THEN 'B3' ELSE 'A1' END))
          FROM generate_series(1, 200) AS n
          """.formatted(small, urn));
      s.execute("ANALYZE scim_user");
    }
    ListQuery query = UserStore.listQuery(platform.extend(java.util.List.of(acme)).user(), small,
        SearchRequest.fromQuery(Map.of("filter", urn + ":costBand eq \"B3\"", "count", "100")::get, 100,
            Tolerance.STRICT));
    for (String sql : new String[] {inline(query.pageSql(), query.pageParams()),
        inline(query.countSql(), query.countParams())}) {
      String plan = explain(sql);
      assertFalse(plan.contains("Seq Scan on scim_user"), () -> "must not scan every tenant's users:\n" + plan);
      assertTrue(plan.contains("Index") && plan.contains("scim_user_"), () -> "reads through an index:\n" + plan);
    }
  }

  /** EXPLAIN needs literal values; these come from the test itself, never from a request. */
  private static String inline(String sql, Tuple params) {
    String out = sql;
    for (int i = params.size(); i >= 1; i--) {
      Object value = params.getValue(i - 1);
      String literal = value instanceof Number ? value.toString()
          : value instanceof UUID ? "'" + value + "'::uuid"
          : value instanceof java.time.OffsetDateTime ? "'" + value + "'::timestamptz"
          : "'" + value.toString().replace("'", "''") + "'";
      out = out.replace("$" + i, literal);
    }
    return out;
  }

  private static String explain(String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("EXPLAIN " + sql)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private static Connection connect() throws Exception {
    Database db = TestDatabase.get();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
