package dev.scimhub.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.filter.AttributeColumns.Kind;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.scim.schema.Schemas;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL each SCIM filter (RFC 7644 section 3.4.2.2) and sortBy (section 3.4.2.3) becomes for Users. Binds start at
 * {@code $2} because the store binds the tenant as {@code $1}.
 */
class FilterToSqlTest {

  private static final ResourceType USER = Schemas.load(100).user();

  /**
   * The same definition as {@code UserStore.COLUMNS}, which is package-private in {@code dev.scimhub.user};
   * UserListTest runs the real one against PostgreSQL.
   */
  private static final AttributeColumns USER_COLUMNS = new AttributeColumns("resource")
      .column("id", "id", Kind.UUID)
      .column("userName", "user_name", Kind.TEXT)
      .column("externalId", "external_id", Kind.TEXT)
      .column("active", "active", Kind.BOOLEAN)
      .column("meta.created", "created", Kind.TIMESTAMP)
      .column("meta.lastModified", "last_modified", Kind.TIMESTAMP)
      .column("emails.value", "emails", Kind.LOWER_VALUES)
      .unfilterable("groups")
      .unfilterable("meta.resourceType")
      .unfilterable("meta.location")
      .unfilterable("meta.version");

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private static final String UUID_TEXT = "2819c223-7f76-453a-919d-413861904646";
  private static final String EMAILS = "(resource #> '{\"emails\"}')";

  static Stream<Arguments> validFilters() {
    return Stream.of(
        // Every operator on a case-insensitive column (userName).
        valid("userName eq \"bjensen\"", "(lower(user_name) = lower($2))", "bjensen"),
        valid("userName ne \"bjensen\"", "(lower(user_name) IS DISTINCT FROM lower($2))", "bjensen"),
        valid("userName co \"jen\"", "(lower(user_name) LIKE lower($2))", "%jen%"),
        valid("userName sw \"bj\"", "(lower(user_name) LIKE lower($2))", "bj%"),
        valid("userName ew \"sen\"", "(lower(user_name) LIKE lower($2))", "%sen"),
        valid("userName gt \"m\"", "(lower(user_name) > lower($2))", "m"),
        valid("userName ge \"m\"", "(lower(user_name) >= lower($2))", "m"),
        valid("userName lt \"m\"", "(lower(user_name) < lower($2))", "m"),
        valid("userName le \"m\"", "(lower(user_name) <= lower($2))", "m"),
        valid("userName pr", "coalesce(user_name <> '', false)"),
        // LIKE wildcards in the value are data, not patterns.
        valid("userName co \"50%_\\\\\"", "(lower(user_name) LIKE lower($2))", "%50\\%\\_\\\\%"),
        valid("userName eq \"x'); DROP TABLE scim_user; --\"", "(lower(user_name) = lower($2))",
            "x'); DROP TABLE scim_user; --"),

        // Attribute names and operators are case-insensitive; the core URN prefix is optional.
        valid("USERNAME eq \"x\"", "(lower(user_name) = lower($2))", "x"),
        valid("userName EQ \"x\"", "(lower(user_name) = lower($2))", "x"),
        valid("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"", "(lower(user_name) = lower($2))", "x"),

        // externalId and id are caseExact.
        valid("externalId eq \"00uAbC\"", "(external_id = $2)", "00uAbC"),
        valid("externalId ne \"00uAbC\"", "(external_id IS DISTINCT FROM $2)", "00uAbC"),
        valid("externalId co \"AbC\"", "(external_id LIKE $2)", "%AbC%"),
        valid("externalId pr", "coalesce(external_id <> '', false)"),
        valid("id eq \"" + UUID_TEXT + "\"", "id = $2", UUID.fromString(UUID_TEXT)),
        valid("id eq \"" + UUID_TEXT.toUpperCase() + "\"", "id = $2", UUID.fromString(UUID_TEXT)),
        valid("id ne \"" + UUID_TEXT + "\"", "NOT id = $2", UUID.fromString(UUID_TEXT)),
        valid("id co \"c223\"", "(id::text LIKE $2)", "%c223%"),
        valid("id pr", "(id IS NOT NULL)"),

        // An id that is not a canonical UUID matches no user instead of failing the query.
        valid("id eq \"bjensen\"", "false"),
        valid("id eq \"2819c223-7f76-453a-919d-41386190464\"", "false"),
        valid("id ne \"bjensen\"", "NOT false"),
        valid("id eq \"bjensen\" or userName eq \"a\"", "(false OR (lower(user_name) = lower($2)))", "a"),

        // Booleans.
        valid("active eq true", "(active = $2)", true),
        valid("active ne false", "(active IS DISTINCT FROM $2)", false),
        valid("active pr", "(active IS NOT NULL)"),

        // dateTime comparisons on meta, as timestamps.
        valid("meta.created gt \"2024-01-01T00:00:00Z\"", "(created > $2)", time("2024-01-01T00:00:00Z")),
        valid("meta.created ge \"2024-01-01T00:00:00.123456Z\"", "(created >= $2)",
            time("2024-01-01T00:00:00.123456Z")),
        valid("meta.created lt \"2024-01-01T10:00:00+02:00\"", "(created < $2)", time("2024-01-01T10:00:00+02:00")),
        valid("meta.created le \"2024-01-01T00:00:00Z\"", "(created <= $2)", time("2024-01-01T00:00:00Z")),
        valid("meta.created eq \"2024-01-01T00:00:00Z\"", "(created = $2)", time("2024-01-01T00:00:00Z")),
        valid("meta.created ne \"2024-01-01T00:00:00Z\"", "(created IS DISTINCT FROM $2)",
            time("2024-01-01T00:00:00Z")),
        valid("meta.lastModified gt \"2024-01-01T00:00:00Z\"", "(last_modified > $2)", time("2024-01-01T00:00:00Z")),
        // xsd:dateTime may leave out the time zone; it is read as UTC.
        valid("meta.created gt \"2024-01-01T00:00:00\"", "(created > $2)", time("2024-01-01T00:00:00Z")),
        valid("Meta.LastModified le \"2024-01-01T00:00:00Z\"", "(last_modified <= $2)", time("2024-01-01T00:00:00Z")),
        valid("meta.created pr", "(created IS NOT NULL)"),

        // Attributes in the JSONB resource.
        valid("title eq \"Tour Guide\"", "(lower((resource #>> '{\"title\"}')) = lower($2))", "Tour Guide"),
        valid("title pr", present("(resource #> '{\"title\"}')")),
        valid("name.familyName eq \"Jensen\"", "(lower((resource #>> '{\"name\",\"familyName\"}')) = lower($2))",
            "Jensen"),
        valid("NAME.FAMILYNAME sw \"J\"", "(lower((resource #>> '{\"name\",\"familyName\"}')) LIKE lower($2))", "J%"),
        valid("name pr", present("(resource #> '{\"name\"}')")),
        valid("name[givenName eq \"Barbara\"]", "(lower((resource #> '{\"name\"}') ->> 'givenName') = lower($2))",
            "Barbara"),

        // Enterprise extension attributes by full URN, in any case.
        valid(ENTERPRISE + ":department eq \"Tour Operations\"",
            "(lower((resource #>> '{\"" + ENTERPRISE + "\",\"department\"}')) = lower($2))", "Tour Operations"),
        valid(ENTERPRISE.toUpperCase() + ":Department eq \"x\"",
            "(lower((resource #>> '{\"" + ENTERPRISE + "\",\"department\"}')) = lower($2))", "x"),
        valid(ENTERPRISE + ":employeeNumber sw \"70\"",
            "(lower((resource #>> '{\"" + ENTERPRISE + "\",\"employeeNumber\"}')) LIKE lower($2))", "70%"),
        valid(ENTERPRISE + ":manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"",
            "(lower((resource #>> '{\"" + ENTERPRISE + "\",\"manager\",\"value\"}')) = lower($2))",
            "26118915-6090-4610-87e4-49d8ca9f808d"),
        valid(ENTERPRISE + ":manager pr", present("(resource #> '{\"" + ENTERPRISE + "\",\"manager\"}')")),

        // emails.value eq uses the indexed array of lower-cased values; other operators look into each value.
        valid("emails.value eq \"Bjensen@Example.com\"", "emails @> ARRAY[lower($2)]", "Bjensen@Example.com"),
        valid("EMAILS.VALUE eq \"x@example.com\"", "emails @> ARRAY[lower($2)]", "x@example.com"),
        valid("emails.value ne \"x@example.com\"",
            "NOT " + anyEmail("(lower(e1 ->> 'value') = lower($2))"), "x@example.com"),
        valid("emails.value co \"example\"", anyEmail("(lower(e1 ->> 'value') LIKE lower($2))"), "%example%"),
        valid("emails.value sw \"Bob\"", anyEmail("(lower(e1 ->> 'value') LIKE lower($2))"), "Bob%"),
        valid("emails.value ew \".TEST\"", anyEmail("(lower(e1 ->> 'value') LIKE lower($2))"), "%.TEST"),
        valid("emails.value gt \"m\"", anyEmail("(lower(e1 ->> 'value') > lower($2))"), "m"),
        valid("emails.value pr", anyEmail(present("e1 -> 'value'"))),
        // "emails eq x" compares the value sub-attribute (RFC 7644 section 3.4.2.2).
        valid("emails eq \"x@example.com\"", anyEmail("(lower(e1 ->> 'value') = lower($2))"), "x@example.com"),
        valid("emails.type eq \"work\"", anyEmail("(lower(e1 ->> 'type') = lower($2))"), "work"),
        valid("emails.primary eq true", anyEmail("((e1 ->> 'primary')::boolean = $2)"), true),
        valid("x509Certificates.value eq \"MIIDQzCC\"",
            "EXISTS (SELECT 1 FROM jsonb_array_elements((resource #> '{\"x509Certificates\"}')) AS e1 "
                + "WHERE (e1 ->> 'value' = $2))", "MIIDQzCC"),

        // Value paths: every condition holds for one and the same value.
        valid("emails[type eq \"work\" and value co \"x\"]",
            anyEmail("((lower(e1 ->> 'type') = lower($2)) AND (lower(e1 ->> 'value') LIKE lower($3)))"), "work", "%x%"),
        valid("emails[type eq \"work\" or type eq \"home\"] and active eq false",
            "(" + anyEmail("((lower(e1 ->> 'type') = lower($2)) OR (lower(e1 ->> 'type') = lower($3)))")
                + " AND (active = $4))", "work", "home", false),
        valid("emails[type eq \"work\" and not (value ew \".test\")]",
            anyEmail("((lower(e1 ->> 'type') = lower($2)) AND NOT coalesce((lower(e1 ->> 'value') LIKE lower($3)), "
                + "false))"), "work", "%.test"),
        valid("emails[primary eq true]", anyEmail("((e1 ->> 'primary')::boolean = $2)"), true),
        valid("emails[type pr]", anyEmail(present("e1 -> 'type'"))),
        valid("emails[type eq \"work\"] or emails[type eq \"home\"]",
            "(" + anyEmail("(lower(e1 ->> 'type') = lower($2))") + " OR "
                + anyEmail("e2", "(lower(e2 ->> 'type') = lower($3))") + ")", "work", "home"),

        // and, or, not and grouping; "and" binds tighter than "or".
        valid("userName eq \"a\" and active eq true", "((lower(user_name) = lower($2)) AND (active = $3))", "a", true),
        valid("userName eq \"a\" AND active eq true", "((lower(user_name) = lower($2)) AND (active = $3))", "a", true),
        valid("userName eq \"a\" or userName eq \"b\" or userName eq \"c\"",
            "((lower(user_name) = lower($2)) OR (lower(user_name) = lower($3)) OR (lower(user_name) = lower($4)))",
            "a", "b", "c"),
        valid("userName eq \"a\" or userName eq \"b\" and userName eq \"c\"",
            "((lower(user_name) = lower($2)) OR ((lower(user_name) = lower($3)) AND (lower(user_name) = lower($4))))",
            "a", "b", "c"),
        valid("(userName eq \"a\" or userName eq \"b\") and userName eq \"c\"",
            "(((lower(user_name) = lower($2)) OR (lower(user_name) = lower($3))) AND (lower(user_name) = lower($4)))",
            "a", "b", "c"),
        valid("not (userName eq \"a\")", "NOT coalesce((lower(user_name) = lower($2)), false)", "a"),
        valid("not (title pr)", "NOT coalesce(" + present("(resource #> '{\"title\"}')") + ", false)"),
        valid("not (emails[type eq \"work\"])",
            "NOT coalesce(" + anyEmail("(lower(e1 ->> 'type') = lower($2))") + ", false)", "work"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFilters")
  void translatesFilterToSqlWithEveryValueBound(String filter, String expectedSql, List<Object> expectedBinds) {
    SqlFragment fragment = FilterToSql.translate(USER, USER_COLUMNS, filter, 2);
    assertEquals(expectedSql, fragment.sql());
    assertEquals(expectedBinds, fragment.binds());
  }

  @Test
  void placeholdersStartAtTheGivenNumber() {
    SqlFragment fragment = FilterToSql.translate(USER, USER_COLUMNS, "userName eq \"a\" and title eq \"b\"", 5);
    assertEquals("((lower(user_name) = lower($5)) AND (lower((resource #>> '{\"title\"}')) = lower($6)))",
        fragment.sql());
    assertEquals(List.of("a", "b"), fragment.binds());
  }

  static Stream<String> invalidFilters() {
    return Stream.of(
        // Syntax.
        "",
        "userName",
        "userName eq",
        "userName xx \"a\"",
        "userName eq \"a\" and",
        "userName eq \"a\" garbage",
        "(userName eq \"a\"",
        "userName eq \"a\")",
        "not userName eq \"a\"",
        "emails[type eq \"work\"]]",
        "emails[type eq \"work\"].value eq \"x\"",
        "emails[type eq \"work\" and emails[value eq \"x\"]]",
        // The grammar library alone would accept a value path without its closing bracket.
        "emails[type eq \"work\"",
        // Unknown attributes and schemas.
        "foo eq \"x\"",
        "name.foo eq \"x\"",
        "name.familyName.x eq \"y\"",
        "emails[foo eq \"x\"]",
        "urn:example:unknown:2.0:User:department eq \"x\"",
        ENTERPRISE + ":foo eq \"x\"",
        // Attributes that cannot or must not be filtered.
        "password eq \"x\"",
        "password pr",
        "groups.value eq \"x\"",
        "groups pr",
        "meta.resourceType eq \"User\"",
        "meta.location pr",
        "meta.version eq \"W/\\\"1\\\"\"",
        // Operators that do not fit the attribute's type.
        "active gt true",
        "active co true",
        "active eq \"true\"",
        "emails[primary eq \"yes\"]",
        "name eq \"x\"",
        "emails.value eq \"x\" and name co \"x\"",
        ENTERPRISE + ":manager eq \"x\"",
        "userName[value eq \"x\"]",
        "meta.created gt \"not-a-date\"",
        "meta.created gt \"2024-01-01\"",
        "meta.created co \"2024\"",
        "meta.created gt true",
        // Comparing with null: absence is asked with "pr".
        "userName eq null",
        "title ne null",
        "emails.display eq null",
        "emails[type eq null]");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidFilters")
  void rejectsFilterAsInvalidFilter(String filter) {
    ScimException error = assertThrows(ScimException.class,
        () -> FilterToSql.translate(USER, USER_COLUMNS, filter, 2));
    assertEquals(400, error.status());
    assertEquals(ScimException.INVALID_FILTER, error.scimType(), error.detail());
  }

  static Stream<Arguments> sortKeys() {
    return Stream.of(
        Arguments.of("userName", "lower(user_name)"),
        Arguments.of("USERNAME", "lower(user_name)"),
        Arguments.of("externalId", "external_id"),
        Arguments.of("id", "id"),
        Arguments.of("active", "active"),
        Arguments.of("meta.created", "created"),
        Arguments.of("meta.lastModified", "last_modified"),
        Arguments.of("title", "lower((resource #>> '{\"title\"}'))"),
        Arguments.of("name.familyName", "lower((resource #>> '{\"name\",\"familyName\"}'))"),
        Arguments.of(ENTERPRISE + ":department", "lower((resource #>> '{\"" + ENTERPRISE + "\",\"department\"}'))"),
        // A multi-valued attribute sorts by its primary value, else its first (checked end to end in UserListTest).
        Arguments.of("emails.value", "(SELECT lower(e1 ->> 'value') FROM jsonb_array_elements(" + EMAILS + ") "
            + "WITH ORDINALITY AS a(e1, ord) ORDER BY (e1 ->> 'primary')::boolean IS TRUE DESC, ord LIMIT 1)"),
        Arguments.of("emails", "(SELECT lower(e1 ->> 'value') FROM jsonb_array_elements(" + EMAILS + ") "
            + "WITH ORDINALITY AS a(e1, ord) ORDER BY (e1 ->> 'primary')::boolean IS TRUE DESC, ord LIMIT 1)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sortKeys")
  void sortsByAttribute(String sortBy, String expectedSql) {
    assertEquals(expectedSql, SortToSql.orderBy(USER, USER_COLUMNS, sortBy));
  }

  static Stream<String> unsortable() {
    return Stream.of(
        "foo",
        "name",
        ENTERPRISE + ":manager",
        "groups",
        "meta.location",
        "userName eq \"x\"",
        // sortBy names an attribute; a value filter would otherwise be dropped without a word.
        "emails[type eq \"work\"].value",
        // What a filter refuses, sorting refuses too.
        "password",
        "groups.value");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsortable")
  void rejectsSortByAsInvalidValue(String sortBy) {
    ScimException error = assertThrows(ScimException.class, () -> SortToSql.orderBy(USER, USER_COLUMNS, sortBy));
    assertEquals(400, error.status());
    assertEquals(ScimException.INVALID_VALUE, error.scimType(), error.detail());
  }

  private static Arguments valid(String filter, String sql, Object... binds) {
    return Arguments.of(filter, sql, List.of(binds));
  }

  private static OffsetDateTime time(String text) {
    return OffsetDateTime.parse(text);
  }

  private static String anyEmail(String condition) {
    return anyEmail("e1", condition);
  }

  private static String anyEmail(String alias, String condition) {
    return "EXISTS (SELECT 1 FROM jsonb_array_elements(" + EMAILS + ") AS " + alias + " WHERE " + condition + ")";
  }

  private static String present(String json) {
    return "coalesce(" + json + " NOT IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb), false)";
  }
}
