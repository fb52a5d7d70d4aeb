package dev.scimhub.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import dev.scimhub.scim.FilterText;
import dev.scimhub.scim.InputLimits;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.quirks.DottedPathlessKeys;
import dev.scimhub.scim.quirks.EmptyOperations;
import dev.scimhub.scim.quirks.EmptyStrings;
import dev.scimhub.scim.quirks.FilteredPathCreatesValue;
import dev.scimhub.scim.quirks.OpNameCase;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.AttributePath;
import dev.scimhub.scim.schema.Canonicalizer;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.scim.schema.Schemas;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies a SCIM PATCH request (RFC 7644 section 3.5.2) to a resource's representation. Operations are checked against
 * the schema first — paths resolved to canonical names, values to the attribute's type, readOnly targets refused — and
 * then applied with the SCIM grammar library's implementation of add/replace/remove, on a copy: either every
 * operation applies or the caller gets an error and nothing changed.
 */
public final class PatchApplier {

  private final ResourceType type;
  private final String resourceId;
  private final Tolerance tolerance;

  private PatchApplier(ResourceType type, String resourceId, Tolerance tolerance) {
    this.type = type;
    this.resourceId = resourceId;
    this.tolerance = tolerance;
  }

  /** The operations of a PatchOp message, validated; nothing is applied yet. */
  public static List<PatchOperation> parse(ResourceType type, ObjectNode body, String resourceId, Tolerance tolerance) {
    List<PatchOperation> parsed = parseOperations(type, body, resourceId, tolerance);
    EmptyOperations.check(ScimJson.field(body, "Operations").size(), tolerance);
    return parsed;
  }

  /**
   * The same for the part of a request left after another component took its share (a group's member operations),
   * so an empty array here is not an empty request.
   */
  public static List<PatchOperation> parseOperations(ResourceType type, ObjectNode body, String resourceId,
      Tolerance tolerance) {
    JsonNode operations = ScimJson.field(body, "Operations");
    if (operations == null || !operations.isArray()) {
      throw ScimException.invalidSyntax("A PATCH request needs an 'Operations' array");
    }
    JsonNode schemas = ScimJson.field(body, "schemas");
    if (schemas != null && !contains(schemas, Schemas.PATCH_OP)) {
      throw ScimException.invalidSyntax("A PATCH request's 'schemas' must be [\"" + Schemas.PATCH_OP + "\"]");
    }
    PatchApplier applier = new PatchApplier(type, resourceId, tolerance);
    List<PatchOperation> parsed = new ArrayList<>();
    for (JsonNode operation : operations) {
      if (!operation.isObject()) {
        throw ScimException.invalidSyntax("Each PATCH operation must be a JSON object");
      }
      for (ObjectNode one : applier.expand((ObjectNode) operation)) {
        PatchOperation parsedOperation = applier.operation(one);
        if (parsedOperation != null) {
          parsed.add(parsedOperation);
        }
      }
    }
    return parsed;
  }

  /** Applies {@code operations} to a copy of {@code resource} and returns the copy. */
  public static ObjectNode apply(List<PatchOperation> operations, ObjectNode resource, Tolerance tolerance) {
    ObjectNode copy = resource.deepCopy();
    for (PatchOperation operation : operations) {
      try {
        unmatchedFilterAsAdd(operation, copy, tolerance).apply(copy);
      } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
        throw ScimException.from(e, ScimException.INVALID_VALUE);
      } catch (IllegalArgumentException | ClassCastException e) {
        throw ScimException.invalidValue("Cannot apply '" + operation + "': " + e.getMessage());
      }
    }
    return copy;
  }

  /**
   * An add or replace of {@code attr[filter].sub}: with a matching value it sets {@code sub} there (RFC 7644 section
   * 3.5.2.1 and 3.5.2.3); with none, the value is created when tolerated.
   */
  private static PatchOperation unmatchedFilterAsAdd(PatchOperation operation, ObjectNode resource,
      Tolerance tolerance) throws com.unboundid.scim2.common.exceptions.ScimException {
    Path path = operation.getPath();
    if (operation.getOpType() == PatchOpType.REMOVE || path == null || path.size() != 2
        || path.getElement(0).getValueFilter() == null) {
      return operation;
    }
    Path.Element element = path.getElement(0);
    JsonNode container = path.getSchemaUrn() == null ? resource : resource.get(path.getSchemaUrn());
    JsonNode values = container == null ? null : container.get(element.getAttribute());
    if (values != null && values.isArray()) {
      for (JsonNode value : values) {
        if (FilterEvaluator.evaluate(element.getValueFilter(), value)) {
          return PatchOperation.create(PatchOpType.REPLACE, path, operation.getJsonNode());
        }
      }
    }
    ObjectNode created = FilteredPathCreatesValue.newValue(element.getValueFilter(),
        path.getElement(1).getAttribute(), operation.getJsonNode(), path.toString(), tolerance);
    Path list = path.getSchemaUrn() == null ? Path.root() : Path.root(path.getSchemaUrn());
    return PatchOperation.create(PatchOpType.ADD, list.attribute(element.getAttribute()),
        ScimJson.nodes().arrayNode().add(created));
  }

  /** One operation as sent, or the parts a tolerated shape stands for. */
  private List<ObjectNode> expand(ObjectNode operation) {
    JsonNode pathNode = ScimJson.field(operation, "path");
    JsonNode value = ScimJson.field(operation, "value");
    JsonNode op = ScimJson.field(operation, "op");
    boolean pathless = pathNode == null || pathNode.isNull() || pathNode.asText().isBlank();
    if (pathless && value != null && value.isObject() && op != null && op.isTextual()) {
      List<ObjectNode> parts = DottedPathlessKeys.split(type, op.asText(), (ObjectNode) value, tolerance);
      List<ObjectNode> all = new ArrayList<>();
      for (ObjectNode part : parts.isEmpty() ? List.of(operation) : parts) {
        all.addAll(emptiedAsRemovals(part));
      }
      return all;
    }
    return List.of(operation);
  }

  /** OneLogin's {@code "title": ""} in a path-less value: that attribute is removed (see {@link EmptyStrings}). */
  private List<ObjectNode> emptiedAsRemovals(ObjectNode operation) {
    JsonNode value = ScimJson.field(operation, "value");
    JsonNode path = ScimJson.field(operation, "path");
    if (path != null && !path.isNull() || value == null || !value.isObject()) {
      return List.of(operation);
    }
    List<ObjectNode> parts = new ArrayList<>();
    ObjectNode rest = ((ObjectNode) value).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (EmptyStrings.meansRemoval(field.getValue(), tolerance)) {
        parts.add(ScimJson.object().put("op", "remove").put("path", field.getKey()));
        rest.remove(field.getKey());
      }
    }
    if (parts.isEmpty()) {
      return List.of(operation);
    }
    if (!rest.isEmpty()) {
      ObjectNode remaining = operation.deepCopy();
      remaining.set(ScimJson.fieldName(remaining, "value"), rest);
      parts.add(0, remaining);
    }
    return parts;
  }

  private PatchOperation operation(ObjectNode operation) {
    JsonNode opNode = ScimJson.field(operation, "op");
    if (opNode == null || !opNode.isTextual()) {
      throw ScimException.invalidSyntax("Each PATCH operation needs an 'op': add, remove or replace");
    }
    PatchOpType op = switch (OpNameCase.normalize(opNode.asText(), tolerance)) {
      case "add" -> PatchOpType.ADD;
      case "remove" -> PatchOpType.REMOVE;
      case "replace" -> PatchOpType.REPLACE;
      default -> throw ScimException.invalidSyntax("Unknown PATCH op '" + opNode.asText() + "'; use add, remove or replace");
    };
    JsonNode pathNode = ScimJson.field(operation, "path");
    JsonNode value = ScimJson.field(operation, "value");
    if (pathNode != null && !pathNode.isNull() && !pathNode.isTextual()) {
      throw ScimException.invalidPath("'path' must be a string");
    }
    String rawPath = pathNode == null || pathNode.isNull() || pathNode.asText().isBlank() ? null : pathNode.asText();
    if (rawPath == null) {
      if (op == PatchOpType.REMOVE) {
        throw ScimException.noTarget("A remove operation needs a 'path'");
      }
      if (value == null || !value.isObject()) {
        throw ScimException.invalidValue("An " + op + " without a 'path' needs an object 'value'");
      }
      return pathless(op, pathlessValue((ObjectNode) value), value);
    }
    InputLimits.checkFilter(rawPath, true);
    // The extension URN alone names the whole extension object; the grammar library would read its last part as an
    // attribute name.
    String urnAlone = type.extensionUrn(rawPath);
    if (urnAlone != null) {
      if (op == PatchOpType.REMOVE) {
        throw ScimException.invalidPath("Invalid path '" + rawPath + "'");
      }
      ObjectNode wrapped = ScimJson.object();
      wrapped.set(urnAlone, value);
      return pathless(op, pathlessValue(wrapped), wrapped);
    }
    if (!FilterText.bracketsClosed(rawPath)) {
      throw ScimException.invalidPath("Invalid path '" + rawPath + "': unclosed '['");
    }
    AttributePath target;
    try {
      target = AttributePath.resolve(type, Path.fromString(rawPath));
    } catch (BadRequestException | AttributePath.UnknownAttribute e) {
      throw ScimException.invalidPath("Invalid path '" + rawPath + "': " + e.getMessage());
    }
    refuseReadOnly(target, value, rawPath);
    if (target.attribute().getMutability() == Mutability.WRITE_ONLY) {
      return null;
    }
    Path canonical = canonicalPath(target);
    if (op == PatchOpType.REMOVE || EmptyStrings.meansRemoval(value, tolerance)) {
      return PatchOperation.create(PatchOpType.REMOVE, canonical, null);
    }
    if (value == null || value.isNull()) {
      throw ScimException.invalidValue("The " + op + " of '" + rawPath + "' needs a 'value'");
    }
    return PatchOperation.create(op, canonical, targetValue(target, value, rawPath));
  }

  private PatchOperation pathless(PatchOpType op, ObjectNode canonical, JsonNode raw) {
    if (canonical.isEmpty()) {
      boolean onlySchemas = true;
      for (Iterator<String> names = raw.fieldNames(); names.hasNext(); ) {
        onlySchemas &= names.next().equalsIgnoreCase("schemas");
      }
      if (onlySchemas) {
        throw ScimException.invalidValue("An " + op + " without a 'path' needs attributes in its 'value'");
      }
      return null;
    }
    return PatchOperation.create(op, (Path) null, canonical);
  }

  /** A value for the path's target in its canonical form and type. */
  private JsonNode targetValue(AttributePath target, JsonNode value, String where) {
    AttributeDefinition attribute = target.attribute();
    if (target.sub() != null) {
      return single(target.sub(), value, where);
    }
    if (attribute.isMultiValued() && target.valueFilter() != null) {
      JsonNode element = Canonicalizer.element(attribute, value, where, tolerance);
      if (element == null) {
        throw ScimException.invalidValue("'" + where + "' cannot be set to " + value);
      }
      return element;
    }
    if (attribute.isMultiValued()) {
      // add/replace on a multi-valued attribute take a list of values (or one value).
      JsonNode values = Canonicalizer.value(attribute, value, where, tolerance).get(attribute.getName());
      return values == null ? ScimJson.nodes().arrayNode() : values;
    }
    return single(attribute, value, where);
  }

  private JsonNode single(AttributeDefinition attribute, JsonNode value, String where) {
    JsonNode result = Canonicalizer.value(attribute, value, where, tolerance).get(attribute.getName());
    if (result == null) {
      throw ScimException.invalidValue("'" + where + "' cannot be set to " + value);
    }
    return result;
  }

  /**
   * A path-less value is a partial resource; its own {@code id} may come along (Okta sends it when renaming) and is
   * accepted when it is the resource's id. Every other readOnly attribute in it is refused.
   */
  private ObjectNode pathlessValue(ObjectNode value) {
    ObjectNode copy = value.deepCopy();
    List<String> drop = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = copy.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (key.equalsIgnoreCase("schemas")) {
        drop.add(key);
        continue;
      }
      AttributeDefinition attribute = type.extensionUrn(key) == null ? type.attribute(null, key) : null;
      if (attribute != null && attribute.getMutability() == Mutability.READ_ONLY) {
        if (key.equalsIgnoreCase("id") && field.getValue().asText().equals(resourceId)) {
          drop.add(key);
          continue;
        }
        throw ScimException.mutability("'" + attribute.getName() + "' is readOnly and cannot be changed");
      }
    }
    copy.remove(drop);
    ObjectNode canonical = Canonicalizer.canonicalize(type, copy, tolerance);
    canonical.remove("schemas");
    return canonical;
  }

  private void refuseReadOnly(AttributePath target, JsonNode value, String rawPath) {
    AttributeDefinition attribute = target.attribute();
    if (attribute.getMutability() == Mutability.READ_ONLY) {
      if (attribute.getName().equals("id") && value != null && value.asText().equals(resourceId)) {
        return;
      }
      throw ScimException.mutability("'" + rawPath + "' is readOnly and cannot be changed");
    }
    if (target.sub() != null && target.sub().getMutability() == Mutability.READ_ONLY) {
      throw ScimException.mutability("'" + rawPath + "' is readOnly and cannot be changed");
    }
  }

  private static Path canonicalPath(AttributePath target) {
    Path path = target.urn() == null ? Path.root() : Path.root(target.urn());
    path = path.attribute(target.attribute().getName(), target.valueFilter());
    return target.sub() == null ? path : path.attribute(target.sub().getName());
  }

  private static boolean contains(JsonNode array, String text) {
    if (!array.isArray()) {
      return false;
    }
    for (JsonNode item : array) {
      if (text.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }
}
