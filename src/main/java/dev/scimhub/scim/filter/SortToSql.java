package dev.scimhub.scim.filter;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.filter.AttributeColumns.Column;
import dev.scimhub.scim.schema.AttributePath;
import dev.scimhub.scim.schema.ResourceType;

/**
 * Translates {@code sortBy} (RFC 7644 section 3.4.2.3) into an ORDER BY expression over the store's columns and its
 * JSONB resource. String attributes that are not {@code caseExact} sort by {@code lower()}; a multi-valued attribute
 * sorts by its primary (else first) value. An attribute that cannot be sorted on is 400 {@code invalidValue}.
 */
public final class SortToSql {

  private static final String ALIAS = "e1";

  private SortToSql() {}

  public static String orderBy(ResourceType type, AttributeColumns columns, String sortBy) {
    AttributePath path;
    try {
      path = AttributePath.resolve(type, Path.fromString(sortBy));
    } catch (BadRequestException | AttributePath.UnknownAttribute e) {
      throw ScimException.invalidValue("Cannot sort by '" + sortBy + "': " + e.getMessage());
    }
    if (path.valueFilter() != null) {
      throw ScimException.invalidValue("Cannot sort by '" + sortBy + "': sortBy takes an attribute, not a value filter");
    }
    if (columns.isUnfilterable(path.dotted()) || columns.isUnfilterable(path.attribute().getName())
        || path.leaf().getReturned() == AttributeDefinition.Returned.NEVER) {
      throw ScimException.invalidValue("Cannot sort by '" + sortBy + "'");
    }
    Column column = columns.column(path.dotted());
    if (column != null && column.kind() != AttributeColumns.Kind.LOWER_VALUES) {
      return column.kind() == AttributeColumns.Kind.TEXT ? sortKey(column.sql(), path.leaf()) : column.sql();
    }
    AttributeDefinition leaf = path.attribute().isMultiValued() ? ResourceJson.valueLeaf(path) : path.leaf();
    if (leaf == null || leaf.getType() == AttributeDefinition.Type.COMPLEX) {
      throw ScimException.invalidValue("Cannot sort by complex attribute '" + sortBy + "'; name a sub-attribute");
    }
    String resource = columns.resourceColumn();
    if (path.attribute().isMultiValued()) {
      String value = SqlExpr.text(ALIAS + " ->> " + ResourceJson.literal(leaf.getName())).typed(leaf);
      // "The primary attribute, if any, or else the first value in the list" (RFC 7644 section 3.4.2.3).
      return "(SELECT " + sortKey(value, leaf) + " FROM jsonb_array_elements(" + ResourceJson.arrayOf(resource, path)
          + ") WITH ORDINALITY AS a(" + ALIAS + ", ord) ORDER BY (" + ALIAS + " ->> 'primary')::boolean IS TRUE DESC,"
          + " ord LIMIT 1)";
    }
    return sortKey(SqlExpr.text(ResourceJson.textAt(resource, path.jsonKeys())).typed(leaf), leaf);
  }

  private static String sortKey(String expr, AttributeDefinition attribute) {
    boolean text = switch (attribute.getType()) {
      case STRING, REFERENCE, BINARY -> true;
      default -> false;
    };
    return text && !attribute.isCaseExact() ? "lower(" + expr + ")" : expr;
  }
}
