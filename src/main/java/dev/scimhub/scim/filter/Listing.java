package dev.scimhub.scim.filter;

import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.schema.ResourceType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of a listing (RFC 7644 section 3.4.2): the filter's WHERE condition, the ORDER BY — the requested sort, then
 * creation order and id, so pages are stable — and the placeholders of LIMIT and OFFSET, all after {@code $1}, which
 * the store's scope condition uses; rendered whole for one page ({@link #pageSql}) and for the count of all matches
 * ({@link #countSql}).
 *
 * @param binds the values of {@code $2} onwards, LIMIT and OFFSET last
 * @param countWhere the condition that counts all matches (without a continuation key)
 * @param whereBinds the values of {@code countWhere}
 * @param keyed whether the filter is one equality on a key its index answers at once (Okta's lookup by userName)
 */
public record Listing(String where, String orderBy, String limit, String offset, List<Object> binds,
    String countWhere, List<Object> whereBinds, boolean keyed) {

  /**
   * Attributes whose equality an index answers with a row or a few (a unique key, or one an IdP sets per resource):
   * a listing by one of them cannot run long.
   */
  private static final Set<String> USER_KEYS = Set.of("id", "username", "externalid");
  private static final Set<String> GROUP_KEYS = Set.of("id", "displayname", "externalid");

  /**
   * What a listing reads: {@code columns} of {@code table} where {@code scope} holds (the store's own condition on
   * {@code $1}, such as {@code tenant_id = $1}). With {@code outerColumns}, the page is chosen in an inner query
   * (aliased {@code p}) and only its rows are read for those columns, in the same order.
   */
  public record Source(String table, String scope, String columns, String outerColumns) {

    public static Source flat(String table, String scope, String columns) {
      return new Source(table, scope, columns, null);
    }
  }

  public static Listing of(ResourceType type, AttributeColumns columns, SearchRequest request) {
    return of(type, columns, request, null, null);
  }

  /** The statement of one page. Concatenated, not formatted: this runs on every lookup. */
  public String pageSql(Source source) {
    String page = "SELECT " + source.columns() + " FROM " + source.table() + " WHERE " + source.scope() + " AND "
        + where + " ORDER BY " + orderBy + " LIMIT " + limit + " OFFSET " + offset;
    return source.outerColumns() == null ? page
        : "SELECT " + source.outerColumns() + " FROM (" + page + ") p ORDER BY " + orderBy;
  }

  /** The statement that counts every match; its values are {@link #whereBinds}. */
  public String countSql(Source source) {
    return "SELECT count(*) FROM " + source.table() + " WHERE " + source.scope() + " AND " + countWhere;
  }

  /** A known key of the default order (creation, id): the row at a position, or ({@code !inclusive}) the one before. */
  public record Continuation(OffsetDateTime created, UUID id, boolean inclusive) {}

  /**
   * With {@code after}, the page continues from a known key instead of skipping rows with OFFSET. A cursor-paged
   * request (RFC 9865) always continues from its cursor's row, in any order, and reads one row more than it serves: that
   * row says whether a next page exists.
   *
   * @param table the store's table, where a sorted cursor-paged listing finds the sort key of its cursor's row
   */
  public static Listing of(ResourceType type, AttributeColumns columns, SearchRequest request, Continuation after,
      String table) {
    String where = "TRUE";
    List<Object> binds = new ArrayList<>();
    boolean keyed = false;
    if (request.filter() != null) {
      Filter parsed = FilterToSql.parse(request.filter());
      SqlFragment fragment = FilterToSql.translate(type, columns, parsed, 2);
      where = "(" + fragment.sql() + ")";
      binds.addAll(fragment.binds());
      keyed = request.sortBy() == null && parsed instanceof EqualFilter equal
          && equal.getAttributePath().size() == 1
          && (type.name().equals("Group") ? GROUP_KEYS : USER_KEYS)
              .contains(equal.getAttributePath().getElement(0).getAttribute().toLowerCase(Locale.ROOT));
    }
    String countWhere = where;
    String order = "created, id";
    String sortKey = null;
    if (request.sortBy() != null) {
      sortKey = SortToSql.orderBy(type, columns, request.sortBy());
      order = sortKey + (request.descending() ? " DESC" : " ASC") + ", " + order;
    }
    List<Object> whereBinds = new ArrayList<>(binds);
    long offset = request.paging().offset();
    int count = request.paging().count();
    if (after != null && (request.sortBy() == null || request.cursorPaged())) {
      int first = binds.size() + 2;
      String key = "($" + first + ", $" + (first + 1) + ")";
      String next = "(created, id) " + (after.inclusive() ? ">=" : ">") + " " + key;
      where = where + " AND " + (sortKey == null ? next : afterSorted(sortKey, request.descending(), next, table,
          "$" + (first + 1)));
      binds.add(after.created());
      binds.add(after.id());
      offset = 0;
    }
    if (request.cursorPaged()) {
      offset = 0;
      count = count == 0 ? 0 : count + 1;
    }
    int limit = binds.size() + 2;
    List<Object> withPage = new ArrayList<>(binds);
    withPage.add(count);
    withPage.add(offset);
    return new Listing(where, order, "$" + limit, "$" + (limit + 1), withPage, countWhere, whereBinds,
        keyed);
  }

  /**
   * The rows after the cursor's row in a sorted listing: the sort key is read from that row in the same statement, and
   * compared the way ORDER BY orders (ascending puts nulls last, descending first). A row that no longer exists has no
   * key, and nothing follows it: the store then answers that the cursor expired.
   */
  private static String afterSorted(String sortKey, boolean descending, String next, String table, String id) {
    String anchor = "(SELECT " + sortKey + " FROM " + table + " WHERE tenant_id = $1 AND id = " + id + ")";
    String beyond = descending ? "(" + sortKey + ") < " + anchor : "(" + sortKey + ") > " + anchor;
    String nulls = descending ? "(" + anchor + " IS NULL AND (" + sortKey + ") IS NOT NULL)"
        : "((" + sortKey + ") IS NULL AND " + anchor + " IS NOT NULL)";
    return "EXISTS (SELECT 1 FROM " + table + " WHERE tenant_id = $1 AND id = " + id + ") AND (" + beyond
        + " OR ((" + sortKey + ") IS NOT DISTINCT FROM " + anchor + " AND " + next + ") OR " + nulls + ")";
  }
}
