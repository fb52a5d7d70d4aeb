package dev.scimhub.scim.filter;

import com.unboundid.scim2.common.types.AttributeDefinition;

/**
 * A SQL expression for an attribute's value, and what kind of SQL value it is, so the translator knows whether it
 * must cast instead of guessing from the text.
 */
record SqlExpr(String sql, Kind kind) {

  enum Kind {
    /** Text that holds the value (a JSONB {@code ->>}/{@code #>>} or a {@code ::text}); other types need a cast. */
    TEXT,
    /** A column of the attribute's own SQL type. */
    NATIVE
  }

  static SqlExpr text(String sql) {
    return new SqlExpr(sql, Kind.TEXT);
  }

  static SqlExpr nativeColumn(String sql) {
    return new SqlExpr(sql, Kind.NATIVE);
  }

  /** The value as SQL of the attribute's type. */
  String typed(AttributeDefinition attribute) {
    if (kind == Kind.NATIVE) {
      return sql;
    }
    return switch (attribute.getType()) {
      case BOOLEAN -> "(" + sql + ")::boolean";
      case INTEGER, DECIMAL -> "(" + sql + ")::numeric";
      case DATETIME -> "(" + sql + ")::timestamptz";
      default -> sql;
    };
  }
}
