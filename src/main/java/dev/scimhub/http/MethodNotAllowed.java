package dev.scimhub.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers a known path with an unknown method: 405 with the {@code Allow} header RFC 9110 section 15.5.6 requires,
 * listing the methods the router's own routes serve at that path. Mounted after a router's routes, so it reads them
 * instead of restating them.
 */
public final class MethodNotAllowed {

  private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  private MethodNotAllowed() {}

  /** Adds, for every path with method-bound routes in {@code router}, a last route that answers 405 there. */
  public static void mount(Router router) {
    Map<String, Set<String>> methods = new LinkedHashMap<>();
    for (Route route : List.copyOf(router.getRoutes())) {
      Set<HttpMethod> served = route.methods();
      String template = template(route);
      if (template == null || served == null || served.isEmpty()) {
        continue;
      }
      methods.computeIfAbsent(template, path -> new TreeSet<>(MethodNotAllowed::byUsualOrder))
          .addAll(served.stream().map(HttpMethod::name).toList());
    }
    methods.forEach((path, allowed) -> {
      String allow = String.join(", ", allowed);
      router.route(path).handler(ctx -> refuse(ctx, allow));
    });
  }

  /**
   * The path the route was declared with: {@code getPath()} for an exact path; for one with parameters
   * ({@code /Users/:id}) vert.x compiles a regex and keeps the template as the route's name. A route declared by regex
   * has no template and is left out.
   */
  private static String template(Route route) {
    if (!route.isRegexPath()) {
      return route.getPath();
    }
    String name = route.getName();
    return name != null && name.startsWith("/") && name.matches("[A-Za-z0-9/:._-]+") ? name : null;
  }

  private static void refuse(RoutingContext ctx, String allow) {
    ctx.response().putHeader("Allow", allow);
    ctx.fail(405);
  }

  private static int byUsualOrder(String a, String b) {
    int i = ORDER.indexOf(a);
    int j = ORDER.indexOf(b);
    return i >= 0 && j >= 0 ? Integer.compare(i, j) : a.compareTo(b);
  }
}
