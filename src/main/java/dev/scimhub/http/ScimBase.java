package dev.scimhub.http;

import dev.scimhub.scim.Dialect;
import java.util.function.Function;

/**
 * One version of a tenant's SCIM base URL as the routes under it need it: the dialect it speaks, the absolute base URL
 * of a tenant in that version (for {@code Location} and {@code meta.location}), and the largest page it serves.
 */
public record ScimBase(Dialect dialect, Function<String, String> url, int maxResults) {

  public String url(String tenant) {
    return url.apply(tenant);
  }
}
