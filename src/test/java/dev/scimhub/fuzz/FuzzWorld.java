package dev.scimhub.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimhub.fuzz.FuzzRequest.Param;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fuzzed requests run against: two tenants of the one test server (one tolerant, one in strict mode), each
 * with seeded users (with emails, the enterprise extension and a manager) and groups (with members) that the
 * generators name through {@link Markers}. Resources the requests create are kept to a few and deleted in turn, so a
 * long run does not grow the tenants and slow every filter down.
 */
final class FuzzWorld {

  /** Created resources kept per tenant and type before the oldest is deleted. */
  private static final int KEEP_CREATED = 20;
  private static final Pattern MARKER = Pattern.compile("@@(U|G)(\\d{1,3})@@|@@X@@|@@SELF@@");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One tenant as the fuzzer uses it. */
  private static final class Tenant {
    final String token;
    final String v2;
    final String v1;
    final List<String> users = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    final Deque<String> createdUsers = new ArrayDeque<>();
    final Deque<String> createdGroups = new ArrayDeque<>();

    Tenant(TestTenant tenant) {
      this.token = tenant.token();
      this.v2 = tenant.scimBaseUrl();
      this.v1 = tenant.scimBaseUrl().replace("/scim/v2", "/scim/v1");
    }
  }

  /** A request as sent, and what came back (or the I/O error instead of an answer). */
  record Sent(FuzzRequest request, String url, byte[] body, HttpResponse<byte[]> response, IOException failure) {

    int status() {
      return response == null ? -1 : response.statusCode();
    }

    String header(String name) {
      return response == null ? null : response.headers().firstValue(name).orElse(null);
    }

    String responseText() {
      return response == null ? "" : new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Tenant tolerant;
  private final Tenant strict;
  private final String unknownId = UUID.randomUUID().toString();

  private FuzzWorld(Tenant tolerant, Tenant strict) {
    this.tolerant = tolerant;
    this.strict = strict;
  }

  static FuzzWorld create() {
    TestServer server = TestServer.get();
    TestTenant tolerant = server.newTenant();
    TestTenant strict = server.newTenant();
    ScimClient.Response settings = server.admin().patch("/admin/tenants/" + strict.id(),
        "{\"settings\":{\"compatibility\":\"strict\"}}");
    assertEquals(200, settings.status(), settings.body());
    FuzzWorld world = new FuzzWorld(new Tenant(tolerant), new Tenant(strict));
    world.seed(world.tolerant, tolerant.scim());
    world.seed(world.strict, strict.scim());
    return world;
  }

  private void seed(Tenant tenant, ScimClient scim) {
    for (int i = 0; i < Markers.USERS; i++) {
      String manager = tenant.users.isEmpty() ? "" : ",\"manager\":{\"value\":\"" + tenant.users.get(0) + "\"}";
      String body = """
          {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
           "userName":"seed%d-%s@example.com","externalId":"ext-%d","title":"Engineer","active":true,
           "name":{"givenName":"Ada","familyName":"Lovelace %d"},"displayName":"Ada %d",
           "emails":[{"value":"seed%d@example.com","type":"work","primary":true},{"value":"home%d@example.org",
                     "type":"home"}],
           "phoneNumbers":[{"value":"+1 555 0100","type":"work"}],
           "addresses":[{"locality":"London","country":"GB","type":"work","primary":true}],
           "roles":[{"value":"admin","primary":false}],
           "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"%d","department":"R&D"%s}}
          """.formatted(i, UUID.randomUUID(), i, i, i, i, i, i, manager);
      tenant.users.add(scim.post("/Users", body).assertScim(201).path("id").asText());
    }
    for (int i = 0; i < Markers.GROUPS; i++) {
      String members = "[{\"value\":\"" + tenant.users.get(i) + "\"},{\"value\":\"" + tenant.users.get(i + 1) + "\"}]";
      String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"seed group " + i
          + " " + UUID.randomUUID() + "\",\"externalId\":\"g" + i + "\",\"members\":" + members + "}";
      tenant.groups.add(scim.post("/Groups", body).assertScim(201).path("id").asText());
    }
  }

  /** Sends {@code request} with its markers replaced; creations are remembered, and the oldest ones deleted. */
  Sent send(FuzzRequest request) {
    Tenant tenant = request.strict() ? strict : tolerant;
    String id = request.id() == null ? null : resolve(request.id(), tenant, unknownId);
    String self = id == null ? unknownId : id;
    StringBuilder url = new StringBuilder(request.v1() ? tenant.v1 : tenant.v2).append(request.endpoint());
    if (id != null) {
      url.append('/').append(ScimClient.encode(id));
    }
    url.append(resolve(request.suffix(), tenant, self));
    String separator = url.indexOf("?") < 0 ? "?" : "&";
    for (Param param : request.query()) {
      url.append(separator).append(ScimClient.encode(param.name())).append('=')
          .append(ScimClient.encode(resolve(param.value(), tenant, self)));
      separator = "&";
    }
    String body = request.body() == null ? null : resolve(request.body(), tenant, self);
    byte[] bytes = request.bodyBytes(body);
    Sent sent = exchange(request, url.toString(), bytes, tenant.token);
    remember(sent, tenant);
    return sent;
  }

  private Sent exchange(FuzzRequest request, String url, byte[] body, String token) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw new AssertionError("the fuzzer made a URI Java cannot send: " + url, e);
    }
    builder.timeout(Duration.ofSeconds(60))
        .method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + token);
    if (request.contentType() != null) {
      builder.header("Content-Type", request.contentType());
    }
    if (request.ifMatch() != null) {
      builder.header("If-Match", request.ifMatch());
    }
    try {
      return new Sent(request, url, body, http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray()), null);
    } catch (IOException e) {
      return new Sent(request, url, body, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Keeps what a request created (to delete it in turn), never the seeded resources. */
  private void remember(Sent sent, Tenant tenant) {
    if (!sent.request().method().equals("POST") || sent.status() != 201 || !sent.request().suffix().isEmpty()) {
      return;
    }
    String id;
    try {
      id = MAPPER.readTree(sent.response().body()).path("id").asText(null);
    } catch (IOException e) {
      return; // ScimAnswer reports a 201 that is not JSON
    }
    if (id == null) {
      return;
    }
    boolean users = sent.request().endpoint().equals("/Users");
    Deque<String> created = users ? tenant.createdUsers : tenant.createdGroups;
    created.addLast(id);
    while (created.size() > KEEP_CREATED) {
      String oldest = created.removeFirst();
      Sent deleted = exchange(FuzzRequest.plain("DELETE", sent.request().endpoint()),
          tenant.v2 + sent.request().endpoint() + "/" + oldest, null, tenant.token);
      if (deleted.status() != 204 && deleted.status() != 404) {
        throw new AssertionError("deleting a created resource answered " + deleted.status() + ": "
            + deleted.responseText());
      }
    }
  }

  /** {@code text} with every marker replaced by the tenant's id it stands for. */
  private String resolve(String text, Tenant tenant, String self) {
    if (text.indexOf("@@") < 0) {
      return text;
    }
    Matcher matcher = MARKER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String id;
      if (matcher.group(1) == null) {
        id = matcher.group().equals(Markers.SELF) ? self : unknownId;
      } else {
        List<String> ids = matcher.group(1).equals("U") ? tenant.users : tenant.groups;
        id = ids.get(Integer.parseInt(matcher.group(2)) % ids.size());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(id));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Whether the server still answers a plain read: after the run, nothing it was sent has broken it. */
  JsonNode stillServes() throws IOException {
    Sent sent = exchange(FuzzRequest.plain("GET", "/Users"), tolerant.v2 + "/Users?count=1", null, tolerant.token);
    if (sent.failure() != null) {
      throw sent.failure();
    }
    return MAPPER.readTree(sent.response().body());
  }
}
