package dev.scimhub.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The users the benchmark creates: what Okta sends on "Create User" (core and enterprise schemas, userName, name, two
 * emails, displayName, title, locale, active, the password and empty groups it always adds, and enterprise
 * attributes), about 750 bytes of JSON. Deterministic: user {@code n} of a domain always has the same userName, so
 * scenarios can look users up without keeping their names.
 */
public final class Users {

  private static final String[] GIVEN = {"Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald",
      "Frances", "Ken", "Margaret", "Dennis", "Radia", "Linus", "Sophie", "Tim", "Hedy"};
  private static final String[] FAMILY = {"Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth",
      "Allen", "Thompson", "Hamilton", "Ritchie", "Perlman", "Torvalds", "Wilson", "Berners-Lee", "Lamarr"};
  private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Marketing", "Finance", "Support",
      "Operations", "Legal", "People"};

  private Users() {}

  /** e.g. {@code ada.lovelace.000042@t017.bench.example} for {@code n = 42} and domain {@code t017.bench.example}. */
  public static String userName(String domain, long n) {
    return String.format(Locale.ROOT, "%s.%s.%06d@%s", GIVEN[(int) (n % GIVEN.length)].toLowerCase(Locale.ROOT),
        FAMILY[(int) (n / GIVEN.length % FAMILY.length)].toLowerCase(Locale.ROOT).replace("-", ""), n, domain);
  }

  /** The body of {@code POST /Users} (and, with another title, of {@code PUT /Users/{id}}) for user {@code n}. */
  public static JsonObject user(String domain, long n, String title) {
    String userName = userName(domain, n);
    String given = GIVEN[(int) (n % GIVEN.length)];
    String family = FAMILY[(int) (n / GIVEN.length % FAMILY.length)];
    String number = String.format(Locale.ROOT, "%06d", n);
    return new JsonObject()
        .put("schemas", new JsonArray().add(ScimApi.USER_SCHEMA).add(ScimApi.ENTERPRISE_SCHEMA))
        .put("userName", userName)
        .put("name", new JsonObject().put("givenName", given).put("familyName", family)
            .put("formatted", given + " " + family))
        .put("emails", new JsonArray()
            .add(new JsonObject().put("primary", true).put("value", userName).put("type", "work"))
            .add(new JsonObject().put("primary", false)
                .put("value", given.toLowerCase(Locale.ROOT) + "." + number + "@home.example.org")
                .put("type", "home")))
        .put("displayName", given + " " + family)
        .put("title", title)
        .put("locale", "en-US")
        .put("active", true)
        .put("password", "t1meMa$9-" + number)
        .put("groups", new JsonArray())
        .put(ScimApi.ENTERPRISE_SCHEMA, new JsonObject()
            .put("employeeNumber", number)
            .put("costCenter", "CC-" + (n % 97))
            .put("organization", "Bench Corp")
            .put("division", "Division " + (n % 7))
            .put("department", DEPARTMENTS[(int) (n % DEPARTMENTS.length)]));
  }

  public static Buffer body(String domain, long n, String title) {
    return user(domain, n, title).toBuffer();
  }
}
