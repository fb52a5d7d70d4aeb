package dev.scimhub.scim.filter;

import java.util.List;

/** A piece of SQL and the values of its {@code $n} placeholders, in order. */
public record SqlFragment(String sql, List<Object> binds) {}
