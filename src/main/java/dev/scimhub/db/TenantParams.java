package dev.scimhub.db;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Statement parameters with the tenant as {@code $1}, as every statement of scimhub has it. */
public final class TenantParams {

  private TenantParams() {}

  public static Tuple of(String tenant, List<Object> rest) {
    List<Object> all = new ArrayList<>(rest.size() + 1);
    all.add(tenant);
    all.addAll(rest);
    return Tuple.from(all);
  }
}
