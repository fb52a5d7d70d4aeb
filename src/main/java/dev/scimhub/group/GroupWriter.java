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
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * Writes groups with their members streamed from a database cursor to the response, a bounded buffer at a time and
 * pausing while the client is slow: a group of 100,000 members is never held in memory as one list. When the client
 * leaves {@code members} out, nothing about members is read at all.
 */
final class GroupWriter {

  /** Rows fetched per cursor round trip, and bytes gathered before a write. */
  private static final int FETCH = 1000;
  private static final int CHUNK = 32 * 1024;

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
    return pool.withTransaction(conn -> body(conn, response, tenant, base, group, representation, projection))
        .compose(done -> response.end());
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
        .compose(v -> pool.withTransaction(conn -> groups(conn, response, tenant, base, groups, projection, 0)))
        .compose(v -> write(response, Buffer.buffer("]}")))
        .compose(v -> response.end());
  }

  private Future<Void> groups(SqlConnection conn, HttpServerResponse response, String tenant, String base,
      List<StoredResource> groups, Projection projection, int i) {
    if (i == groups.size()) {
      return Future.succeededFuture();
    }
    StoredResource group = groups.get(i);
    ObjectNode representation = representation(group, base, projection);
    Future<Void> separator = i == 0 ? Future.succeededFuture() : write(response, Buffer.buffer(","));
    return separator
        .compose(v -> body(conn, response, tenant, base, group, representation, projection))
        .compose(v -> groups(conn, response, tenant, base, groups, projection, i + 1));
  }

  /** One group object: its attributes, {@code members} from the cursor, then {@code meta}. */
  private Future<Void> body(SqlConnection conn, HttpServerResponse response, String tenant, String base,
      StoredResource group, ObjectNode representation, Projection projection) {
    JsonNode meta = representation.remove("meta");
    Buffer opening = openObject(representation).appendString(representation.isEmpty() ? "" : ",")
        .appendString("\"members\":[");
    return write(response, opening)
        .compose(v -> members(conn, response, tenant, base, group, projection))
        .compose(v -> write(response, Buffer.buffer("]")
            .appendString(meta == null ? "" : ",\"meta\":")
            .appendBuffer(meta == null ? Buffer.buffer() : Buffer.buffer(ScimJson.bytes(meta)))
            .appendString("}")));
  }

  private Future<Void> members(SqlConnection conn, HttpServerResponse response, String tenant, String base,
      StoredResource group, Projection projection) {
    return conn.prepare(MembershipStore.MEMBERS).compose(statement -> {
      Promise<Void> done = Promise.promise();
      RowStream<Row> stream = statement.createStream(FETCH, Tuple.of(tenant, group.id()));
      Buffer[] chunk = {Buffer.buffer(CHUNK + 256)};
      boolean[] first = {true};
      stream.exceptionHandler(done::tryFail);
      // A client that leaves while the stream waits for it to drain must not hold the cursor's connection.
      response.closeHandler(closed -> {
        stream.close();
        done.tryFail("the client closed the connection");
      });
      stream.endHandler(v -> {
        response.write(chunk[0]);
        stream.close();
        done.tryComplete();
      });
      stream.handler(row -> {
        if (!first[0]) {
          chunk[0].appendByte((byte) ',');
        }
        first[0] = false;
        chunk[0].appendBytes(ScimJson.bytes(projection.applyToValue("members", member(row, base))));
        if (chunk[0].length() >= CHUNK) {
          response.write(chunk[0]);
          chunk[0] = Buffer.buffer(CHUNK + 256);
          if (response.writeQueueFull()) {
            stream.pause();
            response.drainHandler(drained -> stream.resume());
          }
        }
      });
      return done.future().eventually(() -> statement.close());
    });
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
