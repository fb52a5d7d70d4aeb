package dev.scimhub.fuzz;

import static dev.scimhub.fuzz.JsonTrees.NODES;
import static dev.scimhub.fuzz.JsonTrees.maybe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.fuzz.FuzzRequest.Broken;
import dev.scimhub.fuzz.FuzzRequest.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Whole requests, as the properties of {@link ScimFuzzTest} send them: listings with filters (query string or
 * {@code POST /.search}), creates and replaces, PATCHes, and the rest of a SCIM base URL (reads with projections,
 * deletes, discovery, wrong methods and paths). A share goes to the SCIM 1.1 base URL and to a tenant in strict mode.
 */
final class FuzzRequests {

  private static final FilterGrammar USER_FILTERS = new FilterGrammar(FuzzSchema.USERS);
  private static final FilterGrammar GROUP_FILTERS = new FilterGrammar(FuzzSchema.GROUPS);
  private static final ResourceGen USERS = new ResourceGen(FuzzSchema.USERS);
  private static final ResourceGen GROUPS = new ResourceGen(FuzzSchema.GROUPS);
  private static final PatchGen USER_PATCHES = new PatchGen(USERS, USER_FILTERS);
  private static final PatchGen GROUP_PATCHES = new PatchGen(GROUPS, GROUP_FILTERS);

  /** Where a request goes: SCIM 1.1 or 2.0, the strict tenant or the tolerant one, Users or Groups. */
  private record Where(boolean v1, boolean strict, boolean users) {
    String endpoint() {
      return users ? "/Users" : "/Groups";
    }

    FilterGrammar filters() {
      return users ? USER_FILTERS : GROUP_FILTERS;
    }
  }

  static final Arbitrary<FuzzRequest> LISTINGS = across(FuzzRequests::listings);
  static final Arbitrary<FuzzRequest> WRITES = across(FuzzRequests::writes);
  static final Arbitrary<FuzzRequest> PATCHES = across(FuzzRequests::patches);
  static final Arbitrary<FuzzRequest> OTHERS = across(FuzzRequests::others);

  private FuzzRequests() {}

  /**
   * {@code kind} of request for every destination, each built once: one in seven to SCIM 1.1, one in five to the
   * strict tenant, three in five to Users.
   */
  private static Arbitrary<FuzzRequest> across(Function<Where, Arbitrary<FuzzRequest>> kind) {
    List<Tuple.Tuple2<Integer, Arbitrary<FuzzRequest>>> choices = new ArrayList<>();
    for (boolean v1 : new boolean[] {false, true}) {
      for (boolean strict : new boolean[] {false, true}) {
        for (boolean users : new boolean[] {false, true}) {
          int weight = (v1 ? 1 : 6) * (strict ? 1 : 4) * (users ? 3 : 2);
          choices.add(Tuple.of(weight, kind.apply(new Where(v1, strict, users))));
        }
      }
    }
    return Arbitraries.frequencyOf(choices);
  }

  // ---- listings

  private static Arbitrary<FuzzRequest> listings(Where where) {
    return Arbitraries.frequencyOf(
        Tuple.of(7, listQuery(where.filters()).map(query -> request("GET", where, null, "", query, null).build())),
        Tuple.of(3, Combinators.combine(JsonTrees.bodies(searchRequest(where.filters())), contentType())
            .as((body, type) -> request("POST", where, null, "/.search", List.of(), body).withBody(body, type)
                .build())));
  }

  private static Arbitrary<List<Param>> listQuery(FilterGrammar filters) {
    Arbitrary<String> order = Arbitraries.of("ascending", "descending", "DESCENDING", "Ascending", "up", "", "desc");
    return Combinators.combine(
            maybe(filters.filters(), 88),
            maybe(filters.attributePaths(), 12),
            maybe(order, 8),
            maybe(pagingValue(), 12),
            maybe(pagingValue(), 15),
            maybe(filters.attributePaths(), 10),
            maybe(filters.attributePaths(), 8),
            maybe(Arbitraries.of("foo", "filter", "Filter", "FILTER", "count", "sortby", ""), 4))
        .as((filter, sortBy, sortOrder, startIndex, count, attributes, excluded, extra) -> {
          List<Param> params = new ArrayList<>();
          filter.ifPresent(f -> params.add(new Param("filter", f)));
          sortBy.ifPresent(s -> params.add(new Param("sortBy", s)));
          sortOrder.ifPresent(s -> params.add(new Param("sortOrder", s)));
          startIndex.ifPresent(s -> params.add(new Param("startIndex", s)));
          count.ifPresent(c -> params.add(new Param("count", c)));
          attributes.ifPresent(a -> params.add(new Param("attributes", a)));
          excluded.ifPresent(e -> params.add(new Param("excludedAttributes", e)));
          extra.ifPresent(name -> params.add(new Param(name, "userName pr")));
          return params;
        });
  }

  private static Arbitrary<String> pagingValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("1", "2", "10", "100", "0", "200", "201")),
        Tuple.of(2, Arbitraries.of("-1", "-2147483648", "2147483647", "2147483648", "99999999999999999999", "1.5",
            "1e3", " 3", "abc", "", "0x10", "+5", "٣", "1 2", "\u0000")));
  }

  /** A SearchRequest message (RFC 7644 section 3.4.3). */
  private static Arbitrary<JsonNode> searchRequest(FilterGrammar filters) {
    Arbitrary<JsonNode> paging = Arbitraries.frequencyOf(
        Tuple.of(3, pagingValue().map(JsonTrees::text)),
        Tuple.of(3, Texts.number().map(JsonTrees::raw)),
        Tuple.of(1, JsonTrees.hostileValue()));
    Arbitrary<JsonNode> names = Arbitraries.frequencyOf(
        Tuple.of(2, filters.attributePaths().map(JsonTrees::text)),
        Tuple.of(2, filters.attributePaths().map(list -> {
          var array = NODES.arrayNode();
          for (String name : list.split(",")) {
            array.add(name);
          }
          return (JsonNode) array;
        })),
        Tuple.of(1, JsonTrees.hostileValue()));
    return Combinators.combine(
            maybe(Arbitraries.frequency(Tuple.of(16, FuzzSchema.SEARCH_REQUEST), Tuple.of(1, FuzzSchema.LIST_RESPONSE),
                Tuple.of(1, "urn:x")), 80),
            maybe(filters.filters(), 90),
            maybe(filters.attributePaths(), 12),
            maybe(Arbitraries.of("ascending", "descending", "sideways"), 8),
            maybe(paging, 15),
            maybe(paging, 20),
            maybe(names, 10),
            maybe(names, 8))
        .as((schema, filter, sortBy, sortOrder, startIndex, count, attributes, excluded) -> {
          ObjectNode body = NODES.objectNode();
          schema.ifPresent(s -> body.putArray("schemas").add(s));
          filter.ifPresent(f -> body.put("filter", f));
          sortBy.ifPresent(s -> body.put("sortBy", s));
          sortOrder.ifPresent(s -> body.put("sortOrder", s));
          startIndex.ifPresent(s -> body.set("startIndex", s));
          count.ifPresent(c -> body.set("count", c));
          attributes.ifPresent(a -> body.set("attributes", a));
          excluded.ifPresent(e -> body.set("excludedAttributes", e));
          return (JsonNode) body;
        });
  }

  // ---- creates and replaces

  private static Arbitrary<FuzzRequest> writes(Where where) {
    ResourceGen resources = where.users() ? USERS : GROUPS;
    Arbitrary<String> body = resources.bodies(where.v1());
    return Arbitraries.frequencyOf(
        Tuple.of(5, Combinators.combine(body, contentType(), broken())
            .as((b, type, bad) -> request("POST", where, null, "", List.of(), b).withBody(b, type).broken(bad)
                .build())),
        Tuple.of(4, Combinators.combine(targetId(where), body, contentType(), ifMatch(), broken())
            .as((id, b, type, match, bad) -> request("PUT", where, id, "", List.of(), b).withBody(b, type)
                .ifMatch(match).broken(bad).build())));
  }

  // ---- patches

  private static Arbitrary<FuzzRequest> patches(Where where) {
    PatchGen patches = where.users() ? USER_PATCHES : GROUP_PATCHES;
    Arbitrary<List<Param>> query = Arbitraries.frequencyOf(
        Tuple.of(9, Arbitraries.just(List.<Param>of())),
        Tuple.of(1, where.filters().attributePaths().map(a -> List.of(new Param("attributes", a)))),
        Tuple.of(1, where.filters().attributePaths().map(a -> List.of(new Param("excludedAttributes", a)))));
    return Combinators.combine(targetId(where), patches.bodies(where.v1()), contentType(), ifMatch(), broken(), query)
        .as((id, body, type, match, bad, params) -> request("PATCH", where, id, "", params, body)
            .withBody(body, type).ifMatch(match).broken(bad).build());
  }

  // ---- the rest of a base URL

  private static Arbitrary<FuzzRequest> others(Where where) {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Combinators.combine(targetId(where), projection(where.filters()))
            .as((id, query) -> request("GET", where, id, "", query, null).build())),
        Tuple.of(2, Combinators.combine(Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Markers.UNKNOWN)),
                Tuple.of(2, Markers.badId())), ifMatch())
            .as((id, match) -> request("DELETE", where, id, "", List.of(), null).ifMatch(match).build())),
        Tuple.of(2, discovery(where)),
        Tuple.of(2, oddRoutes(where)));
  }

  private static Arbitrary<List<Param>> projection(FilterGrammar filters) {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(List.<Param>of())),
        Tuple.of(3, filters.attributePaths().map(a -> List.of(new Param("attributes", a)))),
        Tuple.of(2, filters.attributePaths().map(a -> List.of(new Param("excludedAttributes", a)))),
        Tuple.of(1, Combinators.combine(filters.attributePaths(), filters.attributePaths())
            .as((a, e) -> List.of(new Param("attributes", a), new Param("excludedAttributes", e)))));
  }

  private static Arbitrary<FuzzRequest> discovery(Where where) {
    Arbitrary<String> path = Arbitraries.of("/Schemas", "/ResourceTypes", "/ServiceProviderConfig",
        "/ServiceProviderConfigs", "/Schemas/" + FuzzSchema.USER, "/Schemas/" + FuzzSchema.ENTERPRISE,
        "/Schemas/urn:x", "/ResourceTypes/User", "/ResourceTypes/Group", "/ResourceTypes/Nope", "/Schemas/",
        "/schemas", "/ServiceProviderConfig/x");
    Arbitrary<List<Param>> query = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(List.<Param>of())),
        Tuple.of(1, where.filters().filters().map(f -> List.of(new Param("filter", f)))),
        Tuple.of(1, where.filters().attributePaths().map(a -> List.of(new Param("attributes", a)))));
    return Combinators.combine(path, query, Arbitraries.frequency(Tuple.of(9, "GET"), Tuple.of(1, "POST"),
            Tuple.of(1, "DELETE")))
        .as((p, q, method) -> new Builder(method, where, "", null, p, q, null).build());
  }

  /** Methods a route does not take, paths no route has, and the endpoint with a trailing part. */
  private static Arbitrary<FuzzRequest> oddRoutes(Where where) {
    Arbitrary<String> method = Arbitraries.of("PUT", "DELETE", "PATCH", "POST", "GET", "OPTIONS", "HEAD", "FOO");
    Arbitrary<String> suffix = Arbitraries.of("", "/", "/.search", "/.search/x", "/x/y", "//", "/.", "/%2F", "/Bulk",
        "/Me", "?", "/" + Markers.user(0) + "/x");
    return Combinators.combine(method, suffix, maybe(where.users() ? USERS.bodies(where.v1())
            : GROUPS.bodies(where.v1()), 40), Arbitraries.of(where.endpoint(), where.endpoint().toLowerCase(), "/Bulk",
            "/Me", "/Users/.search", "/"))
        .as((m, s, body, endpoint) -> {
          Builder builder = new Builder(m, where, s, null, endpoint, List.of(), body.orElse(null));
          return (m.equals("GET") || m.equals("HEAD") ? builder.withBody(null, null) : builder).build();
        });
  }

  // ---- parts

  /** The id in {@code /Users/{id}}: mostly a seeded resource of the endpoint's type, else anything. */
  private static Arbitrary<String> targetId(Where where) {
    return Arbitraries.frequencyOf(
        Tuple.of(16, where.users() ? Markers.userId() : Markers.groupId()),
        Tuple.of(1, where.users() ? Markers.groupId() : Markers.userId()),
        Tuple.of(1, Arbitraries.just(Markers.UNKNOWN)),
        Tuple.of(2, Markers.badId()));
  }

  private static Arbitrary<String> contentType() {
    return Arbitraries.frequency(
        Tuple.of(60, "application/scim+json"),
        Tuple.of(10, "application/json"),
        Tuple.of(2, "application/scim+json; charset=utf-8"),
        Tuple.of(1, "APPLICATION/SCIM+JSON"),
        Tuple.of(1, "application/json; charset=iso-8859-1"),
        Tuple.of(1, "text/plain"),
        Tuple.of(1, "application/xml"),
        Tuple.of(1, "application/x-www-form-urlencoded"),
        Tuple.of(1, "multipart/form-data; boundary=x"),
        Tuple.of(1, "multipart/form-data"),
        Tuple.of(1, ""),
        Tuple.of(1, "none"));
  }

  private static Arbitrary<String> ifMatch() {
    return Arbitraries.frequencyOf(
        Tuple.of(18, Arbitraries.just("none")),
        Tuple.of(2, Arbitraries.of("*", "W/\"1\"", "\"1\"", "W/\"2\"", "w/\"1\"", "W/\"999999999999999999999\"",
            "garbage", ",", "W/", "\"", "W/\"1\", W/\"2\"", " ", "W/\"-1\"", "*, W/\"1\"")));
  }

  private static Arbitrary<Tuple.Tuple2<Broken, Integer>> broken() {
    return Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(60, Arbitraries.just(Broken.NONE)), Tuple.of(1, Arbitraries.of(
                Broken.class))),
            Arbitraries.integers().between(0, 1 << 20))
        .as(Tuple::of);
  }

  private static Builder request(String method, Where where, String id, String suffix, List<Param> query,
      String body) {
    return new Builder(method, where, suffix, id, where.endpoint(), query, body);
  }

  /** Assembles a {@link FuzzRequest}; "none" as a header value leaves the header out. */
  private static final class Builder {
    private final String method;
    private final Where where;
    private final String suffix;
    private final String id;
    private final String endpoint;
    private final List<Param> query;
    private String body;
    private String contentType;
    private String ifMatch;
    private Broken broken = Broken.NONE;
    private int brokenAt;

    Builder(String method, Where where, String suffix, String id, String endpoint, List<Param> query, String body) {
      this.method = method;
      this.where = where;
      this.suffix = suffix;
      this.id = id;
      this.endpoint = endpoint;
      this.query = query;
      this.body = body;
      this.contentType = body == null ? null : "application/scim+json";
    }

    Builder withBody(String body, String contentType) {
      this.body = body;
      this.contentType = body == null || "none".equals(contentType) ? null : contentType;
      return this;
    }

    Builder ifMatch(String ifMatch) {
      this.ifMatch = "none".equals(ifMatch) ? null : ifMatch;
      return this;
    }

    Builder broken(Tuple.Tuple2<Broken, Integer> broken) {
      this.broken = broken.get1();
      this.brokenAt = broken.get2();
      return this;
    }

    FuzzRequest build() {
      return new FuzzRequest(method, where.v1(), where.strict(), endpoint, id, suffix, query, body,
          body == null ? Broken.NONE : broken, brokenAt, contentType, ifMatch);
    }
  }
}
