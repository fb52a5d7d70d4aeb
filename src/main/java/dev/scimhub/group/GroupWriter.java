package dev.scimhub.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.http.MediaTypes;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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

  private final ResourceType type;
  private final Pool pool;
  private final Dialect dialect;

  GroupWriter(ResourceType type, Pool pool, Dialect dialect) {
    this.type = type;
    this.pool = pool;
    this.dialect = dialect;
  }

  Future<Void> one(RoutingContext ctx, int status, String tenant, String base, StoredResource group,
      Projection projection) {
    ObjectNode representation = representation(group, base, projection);
    ctx.response().putHeader("ETag", ETags.of(group.version()));
    if (projection.excludes("members")) {
      return send(ctx.response().setStatusCode(status), Buffer.buffer(ScimJson.bytes(representation)));
    }
    HttpServerResponse response = start(ctx, status);
    return body(response, tenant, base, group, representation, projection).compose(done -> response.end());
  }

  Future<Void> list(RoutingContext ctx, String tenant, String base, long total, int startIndex,
      List<StoredResource> groups, Projection projection) {
    if (projection.excludes("members") || groups.isEmpty()) {
      List<ObjectNode> resources = groups.stream().map(g -> representation(g, base, projection)).toList();
      return send(ctx.response().setStatusCode(200), Buffer.buffer(ScimJson.bytes(
          dialect.listResponse(total, startIndex, resources))));
    }
    HttpServerResponse response = start(ctx, 200);
    ObjectNode head = dialect.listResponse(total, startIndex, List.of());
    head.remove("Resources");
    head.put("itemsPerPage", groups.size());
    Buffer opening = openObject(head).appendString(",\"Resources\":[");
    return write(response, opening)
        .compose(v -> groups(response, tenant, base, groups, projection, 0))
        .compose(v -> write(response, Buffer.buffer("]}")))
        .compose(v -> response.end());
  }

  private Future<Void> groups(HttpServerResponse response, String tenant, String base,
      List<StoredResource> groups, Projection projection, int i) {
    if (i == groups.size()) {
      return Future.succeededFuture();
    }
    StoredResource group = groups.get(i);
    ObjectNode representation = representation(group, base, projection);
    Future<Void> separator = i == 0 ? Future.succeededFuture() : write(response, Buffer.buffer(","));
    return separator
        .compose(v -> body(response, tenant, base, group, representation, projection))
        .compose(v -> groups(response, tenant, base, groups, projection, i + 1));
  }

  /** One group object: its attributes, {@code members} from the cursor, then {@code meta}. */
  private Future<Void> body(HttpServerResponse response, String tenant, String base,
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
  private Future<Void> members(HttpServerResponse response, String tenant, String base, StoredResource group,
      Projection projection) {
    return membersAfter(response, tenant, base, group, projection, FIRST, true);
  }

  private Future<Void> membersAfter(HttpServerResponse response, String tenant, String base, StoredResource group,
      Projection projection, UUID after, boolean first) {
    return pool.preparedQuery(MembershipStore.MEMBERS_PAGE).execute(Tuple.of(tenant, group.id(), after, PAGE))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Buffer chunk = Buffer.buffer(rows.size() * 200);
          UUID last = null;
          boolean needsComma = !first;
          for (Row row : rows) {
            if (needsComma) {
              chunk.appendByte((byte) ',');
            }
            needsComma = true;
            chunk.appendBytes(ScimJson.bytes(projection.applyToValue("members", member(row, base))));
            last = row.getUUID("member_id");
          }
          UUID next = last;
          Future<Void> written = response.write(chunk);
          Future<Void> drained = response.writeQueueFull() ? drained(response) : Future.succeededFuture();
          return written.compose(v -> drained).compose(v -> rows.size() < PAGE ? Future.succeededFuture()
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
    return dialect.representation(type, projection.apply(Representation.of(type, group, base, Map.of())));
  }

  private static ObjectNode member(Row row, String base) {
    String id = row.getUUID("member_id").toString();
    ObjectNode member = ScimJson.object();
    member.put("value", id);
    member.put("display", row.getString("display"));
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
