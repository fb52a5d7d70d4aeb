package dev.scimhub.scim.filter;

import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.schema.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL parts of a listing (RFC 7644 section 3.4.2): the filter's WHERE condition, the ORDER BY — the requested sort,
 * then creation order and id, so pages are stable — and the placeholders of LIMIT and OFFSET, all after {@code $1},
 * which stores keep for the tenant.
 *
 * @param binds the values of {@code $2} onwards, LIMIT and OFFSET last
 */
public record Listing(String where, String orderBy, String limit, String offset, List<Object> binds) {

  public static Listing of(ResourceType type, AttributeColumns columns, SearchRequest request) {
    String where = "TRUE";
    List<Object> binds = new ArrayList<>();
    if (request.filter() != null) {
      SqlFragment fragment = FilterToSql.translate(type, columns, request.filter(), 2);
      where = "(" + fragment.sql() + ")";
      binds.addAll(fragment.binds());
    }
    String order = "created, id";
    if (request.sortBy() != null) {
      order = FilterToSql.orderBy(type, columns, request.sortBy()) + (request.descending() ? " DESC" : " ASC")
          + ", " + order;
    }
    int limit = binds.size() + 2;
    List<Object> withPage = new ArrayList<>(binds);
    withPage.add(request.paging().count());
    withPage.add(request.paging().offset());
    return new Listing(where, order, "$" + limit, "$" + (limit + 1), withPage);
  }

  /** The values of the WHERE condition alone, for the count. */
  public List<Object> whereBinds() {
    return binds.subList(0, binds.size() - 2);
  }
}
