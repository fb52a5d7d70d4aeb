package dev.scimhub.scim.filter;

import java.util.ArrayList;
import java.util.List;

/** Collects bound values and hands out their {@code $n} placeholders; user input never becomes SQL text. */
public final class Binds {

  private final int first;
  private final List<Object> values = new ArrayList<>();

  /** @param first the number of the first placeholder this fragment may use ({@code $1} is the tenant) */
  public Binds(int first) {
    this.first = first;
  }

  public String add(Object value) {
    values.add(value);
    return "$" + (first + values.size() - 1);
  }

  public List<Object> values() {
    return values;
  }

  /** The number of the next free placeholder. */
  public int next() {
    return first + values.size();
  }
}
