package dev.scimhub.bench.ceiling;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * One HTTP server instance of the {@link CeilingServer}. Each route is one prepared statement on the shared pool and
 * the least work that still makes an honest answer: the INSERT parses the body (it needs {@code userName}), the
 * SELECTs send the stored JSON back as text with the id spliced in, never parsing it.
 */
final class CeilingVerticle extends VerticleBase {

  /** scimhub's dev.scimhub.user.UserStore INSERT, word for word. */
  static final String INSERT = """
      INSERT INTO scim_user (tenant_id, id, user_name, external_id, active, resource)
      VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)
      RETURNING version, created, last_modified
      """;

  private static final String COLUMNS = "SELECT id, resource::text AS resource, version, created, last_modified";

  /** What scimhub's filter {@code userName eq "x"} becomes (userName is caseExact=false), on the same index. */
  static final String BY_USER_NAME = COLUMNS + """
       FROM scim_user WHERE tenant_id = $1 AND lower(user_name) = lower($2)
      """;

  /** scimhub's dev.scimhub.user.UserStore FIND, word for word. */
  static final String BY_ID = COLUMNS + """
       FROM scim_user WHERE tenant_id = $1 AND id = $2
      """;

  /**
   * Okta's deactivation as one statement: the column and the stored JSON's {@code active}, a new version and time,
   * and the row back for the answer. scimhub does more (reads the row, applies the PATCH, records the event); this is
   * the least a correct PATCH of one attribute can cost.
   */
  static final String SET_ACTIVE = """
      UPDATE scim_user
      SET active = $3, resource = jsonb_set(resource, '{active}', to_jsonb($3::boolean)),
          version = version + 1, last_modified = now()
      WHERE tenant_id = $1 AND id = $2
      RETURNING id, resource::text AS resource, version, created, last_modified
      """;

  private static final String SCIM_JSON = "application/scim+json";
  private static final String USERS = "/ceiling/users";

  private final Pool pool;
  private final int port;

  CeilingVerticle(Pool pool, int port) {
    this.pool = pool;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    // The same HTTP server options as scimhub's dev.scimhub.http.HttpVerticle.
    return vertx.createHttpServer(new HttpServerOptions()
            .setPort(port)
            .setCompressionSupported(true)
            .setMaxInitialLineLength(16 * 1024))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    HttpMethod method = request.method();
    if (path.equals("/health") && method == HttpMethod.GET) {
      send(request, 200, "{\"status\":\"UP\"}");
      return;
    }
    String tenant = request.getParam("tenant");
    if (path.equals(USERS) && method == HttpMethod.POST && tenant != null) {
      request.body().onSuccess(body -> insert(request, tenant, body)).onFailure(e -> fail(request, e));
    } else if (path.equals(USERS) && method == HttpMethod.GET && tenant != null
        && request.getParam("userName") != null) {
      byUserName(request, tenant, request.getParam("userName"));
    } else if (path.startsWith(USERS + "/") && method == HttpMethod.GET && tenant != null) {
      byId(request, tenant, path.substring(USERS.length() + 1));
    } else if (path.startsWith(USERS + "/") && method == HttpMethod.PATCH && tenant != null) {
      String id = path.substring(USERS.length() + 1);
      request.body().onSuccess(body -> setActive(request, tenant, id, body)).onFailure(e -> fail(request, e));
    } else {
      send(request, 404, "{\"detail\":\"no such route\"}");
    }
  }

  private void insert(HttpServerRequest request, String tenant, Buffer body) {
    JsonObject user;
    try {
      user = body.toJsonObject();
    } catch (RuntimeException e) {
      send(request, 400, "{\"detail\":\"invalid JSON\"}");
      return;
    }
    String userName = user.getValue("userName") instanceof String s ? s : null;
    if (userName == null || userName.isBlank()) {
      send(request, 400, "{\"detail\":\"userName is required\"}");
      return;
    }
    // The same row shape as scimhub: the attributes without password and groups, active explicit.
    user.remove("password");
    user.remove("groups");
    boolean active = !(user.getValue("active") instanceof Boolean b) || b;
    user.put("active", active);
    String externalId = user.getValue("externalId") instanceof String s ? s : null;
    UUID id = UUID.randomUUID();
    pool.preparedQuery(INSERT).execute(Tuple.of(tenant, id, userName, externalId, active, user.encode()))
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          user.put("id", id.toString());
          user.put("meta", new JsonObject()
              .put("resourceType", "User")
              .put("created", row.getOffsetDateTime("created").toString())
              .put("lastModified", row.getOffsetDateTime("last_modified").toString())
              .put("version", "W/\"" + row.getLong("version") + "\""));
          request.response().putHeader("Location", USERS + "/" + id);
          send(request, 201, user.encode());
        })
        .onFailure(e -> {
          if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            send(request, 409, "{\"detail\":\"userName is already taken\"}");
          } else {
            fail(request, e);
          }
        });
  }

  private void byUserName(HttpServerRequest request, String tenant, String userName) {
    pool.preparedQuery(BY_USER_NAME).execute(Tuple.of(tenant, userName))
        .onSuccess(rows -> {
          StringBuilder out = new StringBuilder(256 + rows.size() * 1024)
              .append("{\"totalResults\":").append(rows.size()).append(",\"Resources\":[");
          boolean first = true;
          for (Row row : rows) {
            if (!first) {
              out.append(',');
            }
            first = false;
            appendUser(out, row);
          }
          send(request, 200, out.append("]}").toString());
        })
        .onFailure(e -> fail(request, e));
  }

  private void byId(HttpServerRequest request, String tenant, String idText) {
    UUID id;
    try {
      id = UUID.fromString(idText);
    } catch (IllegalArgumentException e) {
      send(request, 404, "{\"detail\":\"not found\"}");
      return;
    }
    pool.preparedQuery(BY_ID).execute(Tuple.of(tenant, id))
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            send(request, 404, "{\"detail\":\"not found\"}");
          } else {
            send(request, 200, appendUser(new StringBuilder(1024), first(rows)).toString());
          }
        })
        .onFailure(e -> fail(request, e));
  }

  private void setActive(HttpServerRequest request, String tenant, String idText, Buffer body) {
    Boolean active = activeOf(body);
    UUID id = uuidOrNull(idText);
    if (active == null || id == null) {
      send(request, 400, "{\"detail\":\"expected one replace of active on a user id\"}");
      return;
    }
    pool.preparedQuery(SET_ACTIVE).execute(Tuple.of(tenant, id, active))
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            send(request, 404, "{\"detail\":\"not found\"}");
          } else {
            send(request, 200, appendUser(new StringBuilder(1024), first(rows)).toString());
          }
        })
        .onFailure(e -> fail(request, e));
  }

  /** The {@code active} of a PatchOp body's one {@code replace} with a value object; null for anything else. */
  private static Boolean activeOf(Buffer body) {
    try {
      JsonArray operations = body.toJsonObject().getJsonArray("Operations");
      if (operations == null || operations.size() != 1) {
        return null;
      }
      JsonObject value = operations.getJsonObject(0).getJsonObject("value");
      return value != null && value.getValue("active") instanceof Boolean b ? b : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static UUID uuidOrNull(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The stored JSON object with {@code "id"} put in front (the stored text is never parsed). */
  private static StringBuilder appendUser(StringBuilder out, Row row) {
    String resource = row.getString("resource");
    out.append("{\"id\":\"").append(row.getUUID("id")).append('"');
    if (resource.length() > 2) {
      out.append(',');
    }
    return out.append(resource, 1, resource.length());
  }

  private static Row first(RowSet<Row> rows) {
    return rows.iterator().next();
  }

  private static void send(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("Content-Type", SCIM_JSON).end(body);
  }

  private static void fail(HttpServerRequest request, Throwable e) {
    if (!request.response().ended()) {
      send(request, 500, new JsonObject().put("detail", String.valueOf(e.getMessage())).encode());
    }
  }
}
