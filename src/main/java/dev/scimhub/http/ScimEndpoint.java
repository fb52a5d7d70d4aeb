package dev.scimhub.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A SCIM resource endpoint (RFC 7644 section 3: {@code /Users}, {@code /Groups}): one handler per operation, mounted
 * the same way for every resource type.
 */
public interface ScimEndpoint {

  /** The endpoint's path under the base URL, such as {@code /Users}. */
  String endpoint();

  /** {@code GET} with query parameters, or {@code POST /.search} with a SearchRequest body. */
  void list(RoutingContext ctx);

  void create(RoutingContext ctx);

  void get(RoutingContext ctx);

  void replace(RoutingContext ctx);

  void patch(RoutingContext ctx);

  void delete(RoutingContext ctx);

  /** {@code /.search} comes before {@code /:id}, so that it is not taken for an id. */
  default void mount(Router scim) {
    String path = endpoint();
    scim.post(path + "/.search").handler(this::list);
    scim.post(path).handler(this::create);
    scim.get(path).handler(this::list);
    scim.get(path + "/:id").handler(this::get);
    scim.put(path + "/:id").handler(this::replace);
    scim.patch(path + "/:id").handler(this::patch);
    scim.delete(path + "/:id").handler(this::delete);
  }
}
