package dev.scimhub.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.db.ListQuery;
import dev.scimhub.http.MediaTypes;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.ListResponse;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes groups with their members streamed to the response a page at a time, waiting while the client is slow: a
 * group of 100,000 members is never held in memory as one list, and a slow reader holds no database connection.
 * When the client leaves {@code members} out, nothing about members is read at all.
 */
final class GroupWriter {

  /** Members per query and per write. */
  private static final int PAGE = 1000;
  /** Below every id in PostgreSQL's order (unsigned bytes; Java's UUID order is signed): where the first page starts. */
  private static final UUID FIRST = new UUID(0L, 0L);

  private final Groups groups;
  private final ResourceType type;
  private final Dialect dialect;

  GroupWriter(Groups groups, Dialect dialect) {
    this.groups = groups;
    this.type = groups.type();
    this.dialect = dialect;
  }

  Future<Void> one(RoutingContext ctx, int status, TenantContext tenant, String base, StoredResource group,
      Projection projection) {
    ObjectNode representation = representation(group, base, projection);
    ctx.response().putHeader("ETag", ETags.of(group.version()))
        .putHeader("Location", Representation.location(type, group, base));
    if (projection.excludes("members")) {
      return send(ctx.response().setStatusCode(status), Buffer.buffer(ScimJson.bytes(representation)));
    }
    HttpServerResponse response = start(ctx, status);
    return body(response, tenant, base, group, representation, projection).compose(done -> response.end());
  }

  Future<Void> list(RoutingContext ctx, TenantContext tenant, String base, SearchRequest request,
      ListQuery.Page<StoredResource> listed, Projection projection) {
    List<StoredResource> page = listed.items();
    int startIndex = request.paging().startIndex();
    if (projection.excludes("members") || page.isEmpty()) {
      List<ObjectNode> resources = page.stream().map(g -> representation(g, base, projection)).toList();
      return send(ctx.response().setStatusCode(200), Buffer.buffer(ScimJson.bytes(ListResponse.positioned(
          dialect.listResponse(listed.total(), startIndex, resources), request, listed.nextCursor()))));
    }
    HttpServerResponse response = start(ctx, 200);
    ObjectNode head = ListResponse.positioned(dialect.listResponse(listed.total(), startIndex, List.of()), request,
        listed.nextCursor());
    head.remove("Resources");
    head.put("itemsPerPage", page.size());
    Buffer opening = openObject(head).appendString(",\"Resources\":[");
    return write(response, opening)
        .compose(v -> each(response, tenant, base, page, projection, 0))
        .compose(v -> write(response, Buffer.buffer("]}")))
        .compose(v -> response.end());
  }

  private Future<Void> each(HttpServerResponse response, TenantContext tenant, String base,
      List<StoredResource> page, Projection projection, int i) {
    if (i == page.size()) {
      return Future.succeededFuture();
    }
    StoredResource group = page.get(i);
    ObjectNode representation = representation(group, base, projection);
    Future<Void> separator = i == 0 ? Future.succeededFuture() : write(response, Buffer.buffer(","));
    return separator
        .compose(v -> body(response, tenant, base, group, representation, projection))
        .compose(v -> each(response, tenant, base, page, projection, i + 1));
  }

  /** One group object: its attributes, {@code members} from the cursor, then {@code meta}. */
  private Future<Void> body(HttpServerResponse response, TenantContext tenant, String base,
      StoredResource group, ObjectNode representation, Projection projection) {
    JsonNode meta = representation.remove("meta");
    Buffer opening = openObject(representation).appendString(representation.isEmpty() ? "" : ",")
        .appendString("\"members\":[");
    return write(response, opening)
        .compose(v -> members(response, tenant, base, group, projection))
        .compose(v -> write(response, Buffer.buffer("]")
            .appendString(meta == null ? "" : ",\"meta\":")
            .appendBuffer(meta == null ? Buffer.buffer() : Buffer.buffer(ScimJson.bytes(meta)))
            .appendString("}")));
  }

  /**
   * Streams the members a page at a time. Each page is its own short query and the next one starts only when the
   * client has taken the previous one, so a slow reader holds no database connection while it reads.
   */
  private Future<Void> members(HttpServerResponse response, TenantContext tenant, String base, StoredResource group,
      Projection projection) {
    return membersAfter(response, tenant, base, group, projection, FIRST, true);
  }

  private Future<Void> membersAfter(HttpServerResponse response, TenantContext tenant, String base, StoredResource group,
      Projection projection, UUID after, boolean first) {
    return groups.members(tenant, group.id(), after, PAGE)
        .compose(members -> {
          if (members.isEmpty()) {
            return Future.succeededFuture();
          }
          Buffer chunk = Buffer.buffer(members.size() * 200);
          boolean needsComma = !first;
          for (MembershipStore.Member member : members) {
            if (needsComma) {
              chunk.appendByte((byte) ',');
            }
            needsComma = true;
            chunk.appendBytes(ScimJson.bytes(projection.applyToValue("members", member(member, base))));
          }
          UUID next = members.get(members.size() - 1).id();
          Future<Void> written = response.write(chunk);
          Future<Void> drained = response.writeQueueFull() ? drained(response) : Future.succeededFuture();
          return written.compose(v -> drained).compose(v -> members.size() < PAGE ? Future.succeededFuture()
              : membersAfter(response, tenant, base, group, projection, next, false));
        });
  }

  /** Completes when the response can take more, or fails when the client has gone. */
  private static Future<Void> drained(HttpServerResponse response) {
    Promise<Void> drained = Promise.promise();
    response.drainHandler(v -> drained.tryComplete());
    response.closeHandler(v -> drained.tryFail("the client closed the connection"));
    return drained.future();
  }

  private ObjectNode representation(StoredResource group, String base, Projection projection) {
    ResourceType of = projection.type();
    return dialect.representation(of, projection.apply(Representation.of(of, group, base, Map.of())));
  }

  private static ObjectNode member(MembershipStore.Member row, String base) {
    String id = row.id().toString();
    ObjectNode member = ScimJson.object();
    member.put("value", id);
    member.put("display", row.display());
    member.put("$ref", base + "/Users/" + id);
    member.put("type", "User");
    return member;
  }

  /** The JSON of {@code object} without its closing brace, to go on writing members into it. */
  private static Buffer openObject(ObjectNode object) {
    byte[] json = ScimJson.bytes(object);
    return Buffer.buffer(json.length + 64).appendBytes(json, 0, json.length - 1);
  }

  private static HttpServerResponse start(RoutingContext ctx, int status) {
    return ctx.response().setStatusCode(status).setChunked(true).putHeader("Content-Type", MediaTypes.SCIM_JSON);
  }

  private static Future<Void> send(HttpServerResponse response, Buffer body) {
    return response.putHeader("Content-Type", MediaTypes.SCIM_JSON).end(body);
  }

  private static Future<Void> write(HttpServerResponse response, Buffer buffer) {
    return response.write(buffer);
  }
}
