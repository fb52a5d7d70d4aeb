package dev.scimhub.scim.filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The allow-list a store gives the filter translator: which attributes live in their own (indexed) columns, and which
 * cannot be filtered at all. Everything else that the schema knows is read from the JSONB {@code resource} column.
 * Keys are canonical attribute paths such as {@code userName}, {@code meta.created} or {@code emails.value}.
 */
public final class AttributeColumns {

  /** How a column compares; the SCIM type still comes from the schema. */
  public enum Kind {
    TEXT,
    UUID,
    BOOLEAN,
    TIMESTAMP,
    /** An array of the lower-cased values of a multi-valued attribute: serves case-insensitive {@code eq}. */
    LOWER_VALUES,
    /**
     * Values kept as rows of another table, tested for one id: the SQL is a template with {@code %s} for the bound
     * id, e.g. an EXISTS over group_member. Serves {@code eq}, {@code ne} and {@code pr}.
     */
    ROWS
  }

  /** @param anyRowSql for {@link Kind#ROWS}: whether there is any row at all (the attribute is present) */
  public record Column(String sql, Kind kind, String anyRowSql) {}

  private final String resourceColumn;
  private final Map<String, Column> columns = new HashMap<>();
  private final Set<String> unfilterable = new HashSet<>();

  public AttributeColumns(String resourceColumn) {
    this.resourceColumn = resourceColumn;
  }

  public AttributeColumns column(String attributePath, String sql, Kind kind) {
    columns.put(attributePath, new Column(sql, kind, null));
    return this;
  }

  /** Values kept as rows: {@code test} with {@code %s} for one bound id, {@code anyRow} for presence. */
  public AttributeColumns rows(String attributePath, String test, String anyRow) {
    columns.put(attributePath, new Column(test, Kind.ROWS, anyRow));
    return this;
  }

  /** An attribute a filter may not name (it would need data this store does not have, or must not reveal). */
  public AttributeColumns unfilterable(String attributePath) {
    unfilterable.add(attributePath);
    return this;
  }

  String resourceColumn() {
    return resourceColumn;
  }

  Column column(String attributePath) {
    return columns.get(attributePath);
  }

  boolean isUnfilterable(String attributePath) {
    return unfilterable.contains(attributePath);
  }
}
