package dev.scimhub.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A BulkRequest message (RFC 7644 section 3.7): its operations and {@code failOnErrors}. What is wrong with the
 * message as a whole (no operations, more than {@link #MAX_OPERATIONS}) fails it; what is wrong with one operation
 * is that operation's result, so the others still run.
 *
 * @param failOnErrors the number of errors after which nothing more is tried (unlimited when absent)
 */
record BulkRequest(List<Operation> operations, int failOnErrors) {

  static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
  static final String RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
  /** Announced in {@code /ServiceProviderConfig}; 1,000 is what one round trip of creates is measured with. */
  static final int MAX_OPERATIONS = 1000;

  /**
   * One operation as sent. {@code problem} is set when it cannot run as sent (then it is answered with that error).
   *
   * @param index its place in the request
   */
  record Operation(int index, String method, String path, String bulkId, String version, JsonNode data,
      ScimException problem) {}

  /** As with a SearchRequest, a message without {@code schemas} is taken for what its endpoint says it is. */
  static BulkRequest parse(byte[] body) {
    ObjectNode message = ScimJson.parseObject(body);
    JsonNode schemas = ScimJson.field(message, "schemas");
    if (schemas != null && schemas.isArray() && !schemas.isEmpty()) {
      boolean named = false;
      for (JsonNode schema : schemas) {
        named |= SCHEMA.equals(schema.asText());
      }
      if (!named) {
        throw ScimException.invalidSyntax("A bulk request's 'schemas' must be [\"" + SCHEMA + "\"]");
      }
    }
    JsonNode operations = ScimJson.field(message, "Operations");
    if (operations == null || !operations.isArray() || operations.isEmpty()) {
      throw ScimException.invalidSyntax("A bulk request needs a non-empty 'Operations' array");
    }
    if (operations.size() > MAX_OPERATIONS) {
      throw ScimException.of(413, "A bulk request may hold at most " + MAX_OPERATIONS + " operations (maxOperations),"
          + " this one holds " + operations.size());
    }
    List<Operation> parsed = new ArrayList<>(operations.size());
    for (JsonNode operation : operations) {
      parsed.add(operation(parsed.size(), operation));
    }
    return new BulkRequest(parsed, failOnErrors(ScimJson.field(message, "failOnErrors")));
  }

  private static int failOnErrors(JsonNode value) {
    if (value == null || value.isNull()) {
      return Integer.MAX_VALUE;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
      throw ScimException.invalidValue("'failOnErrors' must be an integer of 1 or more");
    }
    return value.asInt();
  }

  private static Operation operation(int index, JsonNode operation) {
    if (!operation.isObject()) {
      return refused(index, null, null, null, ScimException.invalidSyntax("An operation must be a JSON object"));
    }
    String method = text(operation, "method");
    String path = text(operation, "path");
    String bulkId = text(operation, "bulkId");
    String version = text(operation, "version");
    JsonNode data = ScimJson.field((ObjectNode) operation, "data");
    String verb = method == null ? null : method.toUpperCase(Locale.ROOT);
    if (verb == null || !List.of("POST", "PUT", "PATCH", "DELETE").contains(verb)) {
      return refused(index, method, path, bulkId,
          ScimException.invalidValue("An operation's 'method' must be POST, PUT, PATCH or DELETE"));
    }
    if (path == null || path.isBlank()) {
      return refused(index, verb, path, bulkId, ScimException.invalidValue("An operation needs a 'path'"));
    }
    if (verb.equals("POST") && (bulkId == null || bulkId.isBlank())) {
      return refused(index, verb, path, bulkId, ScimException.invalidValue("A POST operation needs a 'bulkId'"));
    }
    if (!verb.equals("DELETE") && (data == null || !data.isObject())) {
      return refused(index, verb, path, bulkId,
          ScimException.invalidSyntax("A " + verb + " operation needs a 'data' object"));
    }
    return new Operation(index, verb, path, bulkId, version, data, null);
  }

  private static Operation refused(int index, String method, String path, String bulkId, ScimException problem) {
    return new Operation(index, method, path, bulkId, null, null, problem);
  }

  private static String text(JsonNode operation, String name) {
    JsonNode value = ScimJson.field((ObjectNode) operation, name);
    return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
  }
}
