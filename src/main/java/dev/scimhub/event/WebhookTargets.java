package dev.scimhub.event;

import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs a webhook may be sent to: http or https with a host, and, unless {@code webhooks.allowPrivateTargets}
 * is set, none that resolves to a loopback, link-local, private, unique-local, wildcard or multicast address — a
 * tenant's admin must not make scimhub call into the vendor's own network (SSRF). Checked when an endpoint is saved
 * and again before each attempt (the name may resolve elsewhere by then). Names are resolved on a worker thread.
 */
final class WebhookTargets {

  private static final Set<String> SCHEMES = Set.of("http", "https");

  private final Vertx vertx;
  private final boolean allowPrivate;

  WebhookTargets(Vertx vertx, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
  }

  /** The URL as it will be called; fails with 400 invalidValue when it may not be. */
  Future<URI> check(String url) {
    URI uri;
    try {
      uri = url == null ? null : new URI(url);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
        || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || url.length() > 2_000) {
      return Future.failedFuture(ScimException.invalidValue("'url' must be an http or https URL with a host"));
    }
    if (allowPrivate) {
      return Future.succeededFuture(uri);
    }
    URI target = uri;
    return vertx.executeBlocking(() -> InetAddress.getAllByName(target.getHost()), false)
        .recover(failure -> Future.failedFuture(failure instanceof UnknownHostException
            ? ScimException.invalidValue("'url': host '" + target.getHost() + "' does not resolve")
            : failure))
        .compose(addresses -> {
          for (InetAddress address : addresses) {
            if (isPrivate(address)) {
              return Future.failedFuture(ScimException.invalidValue("'url': host '" + target.getHost()
                  + "' is a private, loopback or link-local address; webhooks go to public endpoints"));
            }
          }
          return Future.succeededFuture(target);
        });
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] ip = address.getAddress();
    if (address instanceof Inet6Address) {
      return (ip[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
    // 100.64.0.0/10 (carrier-grade NAT) and 169.254/16 are not "site local" to the JDK.
    return (ip[0] & 0xff) == 100 && (ip[1] & 0xc0) == 64;
  }
}
