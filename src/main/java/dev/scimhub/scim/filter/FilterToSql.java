package dev.scimhub.scim.filter;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.DateTimes;
import dev.scimhub.scim.FilterText;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.InputLimits;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.filter.AttributeColumns.Column;
import dev.scimhub.scim.schema.AttributePath;
import dev.scimhub.scim.schema.ResourceType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Translates a SCIM filter (RFC 7644 section 3.4.2.2), parsed by the SCIM grammar library, into a SQL boolean
 * expression over the store's columns and its JSONB resource. Every value becomes a bound parameter. An attribute the
 * schema does not know, an operator that does not fit the attribute's type, or an attribute the store cannot filter is
 * an {@code invalidFilter} error: a filter is never silently dropped or answered wrongly.
 *
 * <p>String comparisons honour the attribute's {@code caseExact}: case-insensitive ones compare {@code lower()} of
 * both sides, the form the case-insensitive indexes are built on.
 */
public final class FilterToSql implements FilterVisitor<String, Binds> {

  private enum Op { EQ, NE, CO, SW, EW, GT, GE, LT, LE }

  /** Where attribute names resolve: the resource root, or the values of a multi-valued attribute in a value filter. */
  private record Scope(AttributeDefinition parent, String element) {}

  private final ResourceType type;
  private final AttributeColumns columns;
  private final Scope scope;
  private final int[] aliases;

  private FilterToSql(ResourceType type, AttributeColumns columns, Scope scope, int[] aliases) {
    this.type = type;
    this.columns = columns;
    this.scope = scope;
    this.aliases = aliases;
  }

  /** Parses and translates {@code filter}; placeholders start at {@code $firstParam}. */
  public static SqlFragment translate(ResourceType type, AttributeColumns columns, String filter, int firstParam) {
    return translate(type, columns, parse(filter), firstParam);
  }

  /** A filter's syntax tree; a filter the grammar refuses is {@code invalidFilter}. */
  public static Filter parse(String filter) {
    if (!FilterText.bracketsClosed(filter)) {
      throw ScimException.invalidFilter("Invalid filter '" + filter + "': unclosed '['");
    }
    try {
      return Filter.fromString(filter);
    } catch (BadRequestException e) {
      throw ScimException.invalidFilter("Invalid filter '" + filter + "': " + conciseParseError(e.getMessage()));
    } catch (RuntimeException e) {
      // The library's parser lets some malformed input escape as unchecked exceptions (a class cast on "eq []").
      throw ScimException.invalidFilter("Invalid filter '" + filter + "'");
    }
  }

  public static SqlFragment translate(ResourceType type, AttributeColumns columns, Filter filter, int firstParam) {
    Binds binds = new Binds(firstParam);
    String sql = new FilterToSql(type, columns, null, new int[1]).sql(filter, binds);
    if (binds.values().size() > InputLimits.MAX_FILTER_TERMS) {
      throw ScimException.invalidFilter("The filter compares more than " + InputLimits.MAX_FILTER_TERMS + " values");
    }
    return new SqlFragment(sql, binds.values());
  }

  private String sql(Filter filter, Binds binds) {
    try {
      return filter.visit(this, binds);
    } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
      throw ScimException.invalidFilter(e.getMessage());
    } catch (ClassCastException e) {
      // The library parses "userName eq []" and fails only when the value is read as a single value.
      throw ScimException.invalidFilter("'" + filter + "' compares with a value that is not a string, number or "
          + "boolean");
    }
  }

  @Override
  public String visit(EqualFilter filter, Binds binds) {
    return compare(filter, Op.EQ, binds);
  }

  @Override
  public String visit(NotEqualFilter filter, Binds binds) {
    return compare(filter, Op.NE, binds);
  }

  @Override
  public String visit(ContainsFilter filter, Binds binds) {
    return compare(filter, Op.CO, binds);
  }

  @Override
  public String visit(StartsWithFilter filter, Binds binds) {
    return compare(filter, Op.SW, binds);
  }

  @Override
  public String visit(EndsWithFilter filter, Binds binds) {
    return compare(filter, Op.EW, binds);
  }

  @Override
  public String visit(GreaterThanFilter filter, Binds binds) {
    return compare(filter, Op.GT, binds);
  }

  @Override
  public String visit(GreaterThanOrEqualFilter filter, Binds binds) {
    return compare(filter, Op.GE, binds);
  }

  @Override
  public String visit(LessThanFilter filter, Binds binds) {
    return compare(filter, Op.LT, binds);
  }

  @Override
  public String visit(LessThanOrEqualFilter filter, Binds binds) {
    return compare(filter, Op.LE, binds);
  }

  @Override
  public String visit(AndFilter filter, Binds binds) {
    return combine(filter.getCombinedFilters(), " AND ", binds);
  }

  @Override
  public String visit(OrFilter filter, Binds binds) {
    return combine(filter.getCombinedFilters(), " OR ", binds);
  }

  @Override
  public String visit(NotFilter filter, Binds binds) {
    // A comparison on an absent attribute is NULL; "not" of it must be true, so NULL counts as false first.
    return "NOT coalesce(" + sql(filter.getInvertedFilter(), binds) + ", false)";
  }

  @Override
  public String visit(PresentFilter filter, Binds binds) {
    Target target = target(filter.getAttributePath());
    if (target instanceof ColumnTarget c) {
      return switch (c.column().kind()) {
        case TEXT -> "coalesce(" + c.column().sql() + " <> '', false)";
        case ROWS -> c.column().anyRowSql();
        default -> "(" + c.column().sql() + " IS NOT NULL)";
      };
    }
    if (target instanceof JsonTarget j) {
      return present(j.jsonExpr());
    }
    ElementsTarget e = (ElementsTarget) target;
    return e.leaf() == null && e.valueFilter() == null
        ? "coalesce(jsonb_array_length(" + e.arrayExpr() + ") > 0, false)"
        : exists(e, e.leaf() == null ? null : present(e.alias() + " -> " + literal(e.leaf().getName())), binds);
  }

  @Override
  public String visit(ComplexValueFilter filter, Binds binds) {
    if (scope != null) {
      throw ScimException.invalidFilter("Value filters cannot be nested: " + filter);
    }
    AttributePath path = resolve(filter.getAttributePath(), true);
    if (path.sub() != null || path.attribute().getType() != AttributeDefinition.Type.COMPLEX) {
      throw ScimException.invalidFilter("'" + filter.getAttributePath() + "' is not a complex attribute");
    }
    Column rows = columns.column(path.attribute().getName() + ".value");
    if (rows != null && rows.kind() == AttributeColumns.Kind.ROWS) {
      return rowValues(path, rows, filter.getValueFilter(), binds);
    }
    if (path.attribute().isMultiValued()) {
      ElementsTarget elements = elements(path, filter.getValueFilter(), null);
      return exists(elements, null, binds);
    }
    // A value filter on a single complex attribute (name[givenName eq "x"]) tests that one object.
    String object = jsonExpr(path.jsonKeys());
    return new FilterToSql(type, columns, new Scope(path.attribute(), object), aliases)
        .sql(filter.getValueFilter(), binds);
  }

  /** {@code members[value eq "a" or value eq "b"]} over values kept as rows: only tests of their value apply. */
  private String rowValues(AttributePath path, Column rows, Filter valueFilter, Binds binds) {
    if (valueFilter instanceof OrFilter or) {
      List<String> parts = new java.util.ArrayList<>();
      for (Filter part : or.getCombinedFilters()) {
        parts.add(rowValues(path, rows, part, binds));
      }
      return String.join(" OR ", parts.stream().map(p -> "(" + p + ")").toList());
    }
    if (valueFilter instanceof EqualFilter eq && eq.getAttributePath().size() == 1
        && eq.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")) {
      AttributeDefinition value = ResourceType.subAttribute(path.attribute(), "value");
      return compareColumn(new ColumnTarget(rows, value), Op.EQ, eq.getComparisonValue(), binds);
    }
    throw ScimException.invalidFilter("Only 'value eq' tests apply inside '" + path.attribute().getName() + "[...]'");
  }

  private String combine(List<Filter> filters, String operator, Binds binds) {
    return filters.stream().map(f -> sql(f, binds)).collect(Collectors.joining(operator, "(", ")"));
  }

  private String compare(Filter filter, Op op, Binds binds) {
    ValueNode value = filter.getComparisonValue();
    if (value == null || value.isNull()) {
      throw ScimException.invalidFilter("'" + filter + "' compares with null; use 'pr' or 'not (… pr)'");
    }
    Target target = target(filter.getAttributePath());
    if (target instanceof ColumnTarget c) {
      return compareColumn(c, op, value, binds);
    }
    if (target instanceof JsonTarget j) {
      return compareValue(SqlExpr.text(j.textExpr()), j.attribute(), op, value, binds);
    }
    ElementsTarget e = (ElementsTarget) target;
    if (e.leaf() == null) {
      throw ScimException.invalidFilter("'" + filter.getAttributePath() + "' has no 'value' to compare");
    }
    if (op == Op.EQ && e.lowerValues() != null && !e.leaf().isCaseExact()) {
      // The indexed array of lower-cased values answers "emails.value eq x" without reading any JSON.
      return e.lowerValues().sql() + " @> ARRAY[lower(" + binds.add(text(value, e.leaf())) + ")]";
    }
    String inner = compareValue(SqlExpr.text(e.alias() + " ->> " + literal(e.leaf().getName())), e.leaf(),
        op == Op.NE ? Op.EQ : op, value, binds);
    String any = exists(e, inner, binds);
    // "emails.value ne x": no value equals x (a resource without emails matches, as for singular attributes).
    return op == Op.NE ? "NOT " + any : any;
  }

  private String compareColumn(ColumnTarget target, Op op, ValueNode value, Binds binds) {
    Column column = target.column();
    AttributeDefinition attribute = target.attribute();
    switch (column.kind()) {
      case ROWS -> {
        if (op != Op.EQ && op != Op.NE) {
          throw ScimException.invalidFilter("'" + attribute.getName() + "' can only be compared with eq or ne");
        }
        UUID id = Ids.parse(value.asText());
        String test = id == null ? "false" : column.sql().replace("%s", binds.add(id));
        return op == Op.EQ ? test : "NOT " + test;
      }
      case UUID -> {
        if (op == Op.EQ || op == Op.NE) {
          UUID id = Ids.parse(value.asText());
          String test = id == null ? "false" : column.sql() + " = " + binds.add(id);
          return op == Op.EQ ? test : "NOT " + test;
        }
        return compareValue(SqlExpr.text(column.sql() + "::text"), attribute, op, value, binds);
      }
      default -> {
        return compareValue(SqlExpr.nativeColumn(column.sql()), attribute, op, value, binds);
      }
    }
  }

  private String compareValue(SqlExpr expr, AttributeDefinition attribute, Op op, ValueNode value, Binds binds) {
    String name = attribute.getName();
    switch (attribute.getType()) {
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw ScimException.invalidFilter("'" + name + "' is a boolean; compare it with true or false");
        }
        String typed = expr.typed(attribute);
        return switch (op) {
          case EQ -> "(" + typed + " = " + binds.add(value.booleanValue()) + ")";
          case NE -> "(" + typed + " IS DISTINCT FROM " + binds.add(value.booleanValue()) + ")";
          default -> throw ScimException.invalidFilter("'" + name + "' is a boolean; only eq and ne apply");
        };
      }
      case INTEGER, DECIMAL -> {
        if (!value.isNumber()) {
          throw ScimException.invalidFilter("'" + name + "' is a number; compare it with a number");
        }
        return ordered(expr.typed(attribute), op, binds.add(value.decimalValue()), name);
      }
      case DATETIME -> {
        OffsetDateTime when = DateTimes.parse(value.asText());
        if (when == null) {
          throw ScimException.invalidFilter("'" + value.asText() + "' is not an xsd:dateTime for '" + name + "'");
        }
        if (!DateTimes.storable(when)) {
          throw ScimException.invalidFilter("'" + value.asText() + "' is outside the dates '" + name
              + "' can be compared with (4713 BC to 294276 AD)");
        }
        return ordered(expr.typed(attribute), op, binds.add(when), name);
      }
      case COMPLEX -> throw ScimException.invalidFilter(
          "'" + name + "' is complex; compare one of its sub-attributes, or use a value filter");
      default -> {
        String bound = binds.add(op == Op.CO || op == Op.SW || op == Op.EW ? like(op, text(value, attribute))
            : text(value, attribute));
        boolean exact = attribute.isCaseExact();
        String left = exact ? expr.sql() : "lower(" + expr.sql() + ")";
        String right = exact ? bound : "lower(" + bound + ")";
        return switch (op) {
          case EQ -> "(" + left + " = " + right + ")";
          case NE -> "(" + left + " IS DISTINCT FROM " + right + ")";
          case CO, SW, EW -> "(" + left + " LIKE " + right + ")";
          case GT -> "(" + left + " > " + right + ")";
          case GE -> "(" + left + " >= " + right + ")";
          case LT -> "(" + left + " < " + right + ")";
          case LE -> "(" + left + " <= " + right + ")";
        };
      }
    }
  }

  private static String ordered(String typed, Op op, String bound, String name) {
    return switch (op) {
      case EQ -> "(" + typed + " = " + bound + ")";
      case NE -> "(" + typed + " IS DISTINCT FROM " + bound + ")";
      case GT -> "(" + typed + " > " + bound + ")";
      case GE -> "(" + typed + " >= " + bound + ")";
      case LT -> "(" + typed + " < " + bound + ")";
      case LE -> "(" + typed + " <= " + bound + ")";
      default -> throw ScimException.invalidFilter("'" + name + "' is not a string; co, sw and ew do not apply");
    };
  }

  private String exists(ElementsTarget elements, String condition, Binds binds) {
    StringBuilder where = new StringBuilder();
    if (elements.valueFilter() != null) {
      where.append(new FilterToSql(type, columns, new Scope(elements.attribute(), elements.alias()), aliases)
          .sql(elements.valueFilter(), binds));
    }
    if (condition != null) {
      where.append(where.length() > 0 ? " AND " : "").append(condition);
    }
    return "EXISTS (SELECT 1 FROM jsonb_array_elements(" + elements.arrayExpr() + ") AS " + elements.alias()
        + (where.length() > 0 ? " WHERE " + where : "") + ")";
  }

  private static String present(String jsonExpr) {
    return "coalesce(" + jsonExpr + " NOT IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb), false)";
  }

  // ---- resolving attribute paths to SQL targets

  private sealed interface Target permits ColumnTarget, JsonTarget, ElementsTarget {}

  private record ColumnTarget(Column column, AttributeDefinition attribute) implements Target {}

  private record JsonTarget(String textExpr, String jsonExpr, AttributeDefinition attribute) implements Target {}

  /** The values of a multi-valued attribute, tested with EXISTS over {@code jsonb_array_elements}. */
  private record ElementsTarget(String arrayExpr, String alias, AttributeDefinition attribute,
      AttributeDefinition leaf, Filter valueFilter, Column lowerValues) implements Target {}

  private Target target(Path rawPath) {
    AttributePath path = resolve(rawPath);
    if (scope != null) {
      String text = scope.element() + " ->> " + literal(path.attribute().getName());
      String json = scope.element() + " -> " + literal(path.attribute().getName());
      return new JsonTarget(text, json, path.attribute());
    }
    Column column = columns.column(path.dotted());
    if (column != null && path.valueFilter() == null) {
      if (column.kind() != AttributeColumns.Kind.LOWER_VALUES) {
        return new ColumnTarget(column, path.leaf());
      }
    }
    if (path.attribute().isMultiValued()) {
      return elements(path, path.valueFilter(), column);
    }
    if (path.valueFilter() != null) {
      throw ScimException.invalidFilter("'" + rawPath + "': a value filter needs a multi-valued attribute");
    }
    return new JsonTarget(textExpr(path.jsonKeys()), jsonExpr(path.jsonKeys()), path.leaf());
  }

  private ElementsTarget elements(AttributePath path, Filter valueFilter, Column lowerValues) {
    return new ElementsTarget(arrayExpr(path), newAlias(), path.attribute(), ResourceJson.valueLeaf(path), valueFilter,
        valueFilter == null ? lowerValues : null);
  }

  private AttributePath resolve(Path path) {
    return resolve(path, false);
  }

  /** @param valueFilter whether the path is that of a value filter, which values kept as rows can serve */
  private AttributePath resolve(Path path, boolean valueFilter) {
    AttributePath resolved;
    try {
      resolved = scope == null
          ? AttributePath.resolve(type, path)
          : AttributePath.resolveWithin(scope.parent(), path);
    } catch (AttributePath.UnknownAttribute e) {
      throw ScimException.invalidFilter("Cannot filter on '" + path + "': " + e.getMessage());
    }
    Column rows = columns.column(resolved.attribute().getName() + ".value");
    boolean ownColumn = columns.column(resolved.dotted()) != null
        || valueFilter && rows != null && rows.kind() == AttributeColumns.Kind.ROWS;
    if (scope == null && !ownColumn && (columns.isUnfilterable(resolved.dotted())
        || columns.isUnfilterable(resolved.attribute().getName()))) {
      throw ScimException.invalidFilter("Filtering on '" + path + "' is not supported");
    }
    if (resolved.leaf().getReturned() == AttributeDefinition.Returned.NEVER) {
      throw ScimException.invalidFilter("'" + path + "' is never returned and cannot be filtered on");
    }
    return resolved;
  }

  private String arrayExpr(AttributePath path) {
    return ResourceJson.arrayOf(columns.resourceColumn(), path);
  }

  private String textExpr(List<String> keys) {
    return ResourceJson.textAt(columns.resourceColumn(), keys);
  }

  private String jsonExpr(List<String> keys) {
    return ResourceJson.jsonAt(columns.resourceColumn(), keys);
  }

  private String newAlias() {
    return "e" + (++aliases[0]);
  }

  private static String literal(String key) {
    return ResourceJson.literal(key);
  }

  private static String text(ValueNode value, AttributeDefinition attribute) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw ScimException.invalidFilter("'" + attribute.getName() + "' compares with a string");
  }

  private static String like(Op op, String value) {
    String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return switch (op) {
      case CO -> "%" + escaped + "%";
      case SW -> escaped + "%";
      default -> "%" + escaped;
    };
  }

  /** The grammar library's message without the JSON parser's location dump that may follow it. */
  private static String conciseParseError(String message) {
    if (message == null) {
      return "cannot be parsed";
    }
    int cut = message.indexOf(": Unexpected");
    int source = message.indexOf(" (start marker");
    int end = cut > 0 ? cut : source > 0 ? source : message.indexOf('\n');
    return end > 0 ? message.substring(0, end) : message;
  }
}
