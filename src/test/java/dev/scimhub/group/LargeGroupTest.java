package dev.scimhub.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.db.Database;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Tenants.TestTenant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A group larger than one page of streamed members: every member comes back, once, in a GET and in a list. */
class LargeGroupTest {

  private static final int MEMBERS = 2_500;
  private static ScimClient scim;
  private static String groupId;

  @BeforeAll
  static void bigGroup() throws Exception {
    TestTenant tenant = TestServer.get().newTenant();
    scim = tenant.scim();
    groupId = scim.post("/Groups", "{\"displayName\":\"Everyone\"}").assertScim(201).path("id").asText();
    // Seeded in SQL: creating 2,500 users over HTTP would test nothing more and take the suite's time.
    Database db = TestDatabase.get();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.executeUpdate("""
          INSERT INTO scim_user (tenant_id, id, user_name, resource)
          SELECT '%1$s', gen_random_uuid(), 'member' || n || '@example.com',
                 jsonb_build_object('schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'),
                                    'userName', 'member' || n || '@example.com', 'active', true)
          FROM generate_series(1, %2$d) AS n
          """.formatted(tenant.id(), MEMBERS));
      s.executeUpdate("INSERT INTO group_member (tenant_id, group_id, member_id) SELECT tenant_id, '" + groupId
          + "', id FROM scim_user WHERE tenant_id = '" + tenant.id() + "'");
    }
  }

  @Test
  void getReturnsEveryMemberExactlyOnceAcrossPages() {
    JsonNode group = scim.get("/Groups/" + groupId).assertScim(200);
    assertEveryMemberOnce(group.path("members"));
  }

  @Test
  void listReturnsEveryMemberExactlyOnceAcrossPages() {
    JsonNode list = scim.get("/Groups", "filter", "displayName eq \"Everyone\"").assertScim(200);
    assertEquals(1, list.path("itemsPerPage").asInt());
    assertEveryMemberOnce(list.path("Resources").path(0).path("members"));
  }

  private static void assertEveryMemberOnce(JsonNode members) {
    Set<String> ids = new HashSet<>();
    members.forEach(member -> ids.add(member.path("value").asText()));
    assertEquals(MEMBERS, members.size(), "members returned");
    assertEquals(MEMBERS, ids.size(), "distinct members");
  }
}
