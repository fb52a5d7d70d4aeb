package dev.scimhub.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimhub.bulk.BulkRequest.Operation;
import dev.scimhub.group.Groups;
import dev.scimhub.http.InTurn;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.tenant.TenantContext;
import dev.scimhub.user.Users;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one bulk request (RFC 7644 section 3.7) through the services, so that each operation is what the same request
 * alone would be: validated the same, its events recorded, in the tenant of the request. Operations run in their
 * order, except that one naming a {@code bulkId} of a later operation waits until that one has run; what still waits
 * when nothing more can run refers in a circle, and is answered 409. Consecutive creates of users run as one round
 * trip ({@link Users#createAll}). Once {@code failOnErrors} operations failed, nothing more is tried, and the
 * response lists the operations that were.
 */
final class BulkRun {

  private static final String BULK_ID = "bulkId:";
  private static final Pattern PATH = Pattern.compile("^/(Users|Groups)(?:/([^/]+))?$");

  private final Users users;
  private final Groups groups;
  private final TenantContext tenant;
  private final String baseUrl;
  private final BulkRequest request;
  /** The id each successful POST's bulkId stands for. */
  private final Map<String, String> resolved = new HashMap<>();
  /** The bulkIds of POSTs that failed. */
  private final Set<String> unusable = new HashSet<>();
  private final Set<String> defined = new HashSet<>();
  /** Operations that repeat the bulkId of one before them (which keeps it). */
  private final Set<Integer> duplicates = new HashSet<>();
  private final Map<Integer, ObjectNode> results = new TreeMap<>();
  private int errors;

  BulkRun(Users users, Groups groups, TenantContext tenant, String baseUrl, BulkRequest request) {
    this.users = users;
    this.groups = groups;
    this.tenant = tenant;
    this.baseUrl = baseUrl;
    this.request = request;
    for (Operation operation : request.operations()) {
      if (operation.bulkId() != null && !defined.add(operation.bulkId())) {
        duplicates.add(operation.index());
      }
    }
  }

  /** The BulkResponse message. */
  Future<ObjectNode> run() {
    return pass(request.operations()).map(v -> {
      ObjectNode response = ScimJson.object();
      response.putArray("schemas").add(BulkRequest.RESPONSE_SCHEMA);
      ArrayNode operations = response.putArray("Operations");
      results.values().forEach(operations::add);
      return response;
    });
  }

  /** Runs what can run of {@code pending}, then again what had to wait, while each pass gets further. */
  private Future<Void> pass(List<Operation> pending) {
    List<Operation> waiting = new ArrayList<>();
    return step(pending, waiting).compose(v -> {
      if (waiting.isEmpty() || stopped()) {
        return Future.succeededFuture();
      }
      if (waiting.size() == pending.size()) {
        for (Operation operation : waiting) {
          if (!stopped()) {
            fail(operation, ScimException.of(409, "This operation and others refer to each other's bulkIds in a "
                + "circle, so none of them can run first"));
          }
        }
        return Future.succeededFuture();
      }
      return pass(waiting);
    });
  }

  /**
   * Runs {@code pending} in turn ({@link InTurn}: a thousand operations refused at once, or answered one by one by
   * the database, do not nest a thousand callbacks); once failOnErrors is reached, nothing more.
   */
  private Future<Void> step(List<Operation> pending, List<Operation> waiting) {
    return InTurn.advancing(pending.size(), i -> stopped() ? Future.succeededFuture(pending.size())
        : runAt(pending, i, waiting));
  }

  /** Runs the operation at {@code i} (with the creates of users that follow it), and says how many it ran. */
  private Future<Integer> runAt(List<Operation> pending, int i, List<Operation> waiting) {
    Operation operation = pending.get(i);
    Set<String> references;
    try {
      references = references(operation);
    } catch (ScimException problem) {
      fail(operation, problem);
      return Future.succeededFuture(1);
    }
    if (!resolved.keySet().containsAll(references)) {
      waiting.add(operation);
      return Future.succeededFuture(1);
    }
    List<Operation> creates = userCreates(pending, i);
    if (creates.size() > 1) {
      return createUsers(creates);
    }
    return one(operation).map(1);
  }

  /**
   * The bulkIds an operation refers to (in its path, or as a string {@code "bulkId:<id>"} anywhere in its data) that
   * have not been resolved yet; refused if one is used by no operation or belongs to one that failed.
   */
  private Set<String> references(Operation operation) {
    if (operation.problem() != null) {
      throw operation.problem();
    }
    if (duplicates.contains(operation.index())) {
      throw ScimException.invalidValue("bulkId '" + operation.bulkId() + "' is used by more than one operation");
    }
    Set<String> found = new HashSet<>();
    collect(operation.path(), found);
    if (operation.data() != null) {
      collect(operation.data(), found);
    }
    for (String bulkId : found) {
      if (!defined.contains(bulkId)) {
        throw ScimException.invalidValue("No operation of this request has bulkId '" + bulkId + "'");
      }
      if (unusable.contains(bulkId) && !resolved.containsKey(bulkId)) {
        throw ScimException.of(409, "The operation with bulkId '" + bulkId + "' failed, so nothing can refer to it");
      }
    }
    return found;
  }

  private static void collect(JsonNode node, Set<String> found) {
    if (node.isTextual()) {
      collect(node.asText(), found);
    } else {
      node.forEach(child -> collect(child, found));
    }
  }

  private static void collect(String text, Set<String> found) {
    int at = text.indexOf(BULK_ID);
    if (at >= 0 && (at == 0 || text.charAt(at - 1) == '/')) {
      found.add(text.substring(at + BULK_ID.length()));
    }
  }

  /** The run of POST /Users starting at {@code i} that refer to no bulkId: created together. */
  private List<Operation> userCreates(List<Operation> pending, int i) {
    List<Operation> run = new ArrayList<>();
    for (int j = i; j < pending.size(); j++) {
      Operation operation = pending.get(j);
      if (operation.problem() != null || !"POST".equals(operation.method()) || !"/Users".equals(operation.path())
          || duplicates.contains(operation.index()) || ScimJson.string(operation.data()).contains(BULK_ID)) {
        break;
      }
      run.add(operation);
    }
    return run;
  }

  /**
   * Creates users of consecutive operations in one round trip, and says how many operations it ran. The first that its
   * own check refuses ends the batch (and is then run alone), so that errors count in the order the operations came.
   */
  private Future<Integer> createUsers(List<Operation> creates) {
    List<ObjectNode> prepared = new ArrayList<>();
    for (Operation operation : creates) {
      try {
        prepared.add(users.prepareCreate(tenant, (ObjectNode) operation.data()));
      } catch (ScimException refused) {
        break;
      }
    }
    if (prepared.size() < 2) {
      return one(creates.get(0)).map(1);
    }
    return users.createAll(tenant, prepared, request.failOnErrors() - errors).map(created -> {
      for (int k = 0; k < created.size(); k++) {
        Users.Created result = created.get(k);
        if (result.error() != null) {
          fail(creates.get(k), result.error());
        } else {
          succeed(creates.get(k), 201, result.user(), users.type().endpoint());
        }
      }
      return prepared.size();
    });
  }

  private Future<Void> one(Operation operation) {
    Matcher path = PATH.matcher(operation.path());
    if (!path.matches()) {
      fail(operation, ScimException.invalidValue("An operation's path is /Users, /Groups, /Users/{id} or "
          + "/Groups/{id}; got '" + operation.path() + "'"));
      return Future.succeededFuture();
    }
    String endpoint = "/" + path.group(1);
    String id = path.group(2) == null ? null : resolve(path.group(2));
    boolean user = endpoint.equals("/Users");
    // A DELETE's data is ignored, whatever it is; the others' is an object (BulkRequest checked it).
    ObjectNode data = operation.data() == null || !operation.data().isObject() ? null
        : (ObjectNode) resolve(operation.data().deepCopy());
    if (operation.method().equals("POST") != (id == null)) {
      fail(operation, ScimException.invalidValue(operation.method().equals("POST")
          ? "A POST operation's path is /Users or /Groups" : "A " + operation.method()
          + " operation's path names a resource, such as " + endpoint + "/{id}"));
      return Future.succeededFuture();
    }
    Future<StoredResource> done = switch (operation.method()) {
      case "POST" -> user ? users.create(tenant, data) : groups.create(tenant, data);
      case "PUT" -> user ? users.replace(tenant, id, operation.version(), data)
          : groups.replace(tenant, id, operation.version(), data);
      case "PATCH" -> user ? users.patch(tenant, id, operation.version(), data)
          : groups.patch(tenant, id, operation.version(), data);
      default -> (user ? users.delete(tenant, id, operation.version())
          : groups.delete(tenant, id, operation.version())).map((StoredResource) null);
    };
    int status = switch (operation.method()) {
      case "POST" -> 201;
      case "DELETE" -> 204;
      default -> 200;
    };
    return done
        .map(resource -> {
          succeed(operation, status, resource, endpoint);
          return (Void) null;
        })
        .recover(failure -> {
          if (failure instanceof ScimException refused) {
            fail(operation, refused);
            return Future.succeededFuture();
          }
          return Future.failedFuture(failure);
        });
  }

  private String resolve(String text) {
    return text.startsWith(BULK_ID) ? resolved.get(text.substring(BULK_ID.length())) : text;
  }

  private JsonNode resolve(JsonNode node) {
    if (node.isTextual()) {
      String text = node.asText();
      int at = text.indexOf(BULK_ID);
      if (at >= 0 && (at == 0 || text.charAt(at - 1) == '/')) {
        return TextNode.valueOf(text.substring(0, at) + resolved.get(text.substring(at + BULK_ID.length())));
      }
      return node;
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, resolve(object.get(name)));
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int k = 0; k < array.size(); k++) {
        array.set(k, resolve(array.get(k)));
      }
    }
    return node;
  }

  private void succeed(Operation operation, int status, StoredResource resource, String endpoint) {
    ObjectNode result = head(operation);
    if (resource != null) {
      if (operation.bulkId() != null && operation.method().equals("POST")) {
        resolved.put(operation.bulkId(), resource.id().toString());
      }
      result.put("location", baseUrl + endpoint + "/" + resource.id());
      result.put("version", ETags.of(resource.version()));
    }
    result.put("status", String.valueOf(status));
    results.put(operation.index(), result);
  }

  private void fail(Operation operation, ScimException error) {
    if (operation.bulkId() != null && "POST".equals(operation.method()) && !duplicates.contains(operation.index())) {
      unusable.add(operation.bulkId());
    }
    ObjectNode result = head(operation);
    result.put("status", String.valueOf(error.status()));
    result.set("response", error.body());
    results.put(operation.index(), result);
    errors++;
  }

  private static ObjectNode head(Operation operation) {
    ObjectNode result = ScimJson.object();
    if (operation.method() != null) {
      result.put("method", operation.method());
    }
    if (operation.bulkId() != null) {
      result.put("bulkId", operation.bulkId());
    }
    return result;
  }

  private boolean stopped() {
    return errors >= request.failOnErrors();
  }
}
