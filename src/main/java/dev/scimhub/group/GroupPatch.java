package dev.scimhub.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.messages.PatchOperation;
import dev.scimhub.scim.FilterText;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.InputLimits;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.patch.PatchApplier;
import dev.scimhub.scim.quirks.EmptyOperations;
import dev.scimhub.scim.quirks.OpNameCase;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A Group PATCH split in two: operations on {@code members} become {@link MemberChange}s on rows (never a rewrite of
 * the member list), everything else goes through the generic {@link PatchApplier}. The forms accepted are those
 * Okta sends: add with {@code path: members}; remove with {@code members[value eq "id"]}; replace of
 * {@code members}; a path-less replace whose value carries {@code displayName} (and the group's own {@code id}).
 */
final class GroupPatch {

  record Parsed(List<PatchOperation> attributeOperations, List<MemberChange> memberChanges) {}

  private GroupPatch() {}

  static Parsed parse(ResourceType type, ObjectNode body, String groupId, Tolerance tolerance) {
    JsonNode operations = ScimJson.field(body, "Operations");
    if (operations == null || !operations.isArray()) {
      throw ScimException.invalidSyntax("A PATCH request needs an 'Operations' array");
    }
    ArrayNode attributeOperations = ScimJson.nodes().arrayNode();
    List<MemberChange> memberChanges = new ArrayList<>();
    for (JsonNode operation : operations) {
      if (!operation.isObject()) {
        throw ScimException.invalidSyntax("Each PATCH operation must be a JSON object");
      }
      JsonNode attributeOperation = split((ObjectNode) operation, memberChanges, tolerance);
      if (attributeOperation != null) {
        attributeOperations.add(attributeOperation);
      }
    }
    ObjectNode rest = ScimJson.object();
    JsonNode schemas = ScimJson.field(body, "schemas");
    if (schemas != null) {
      rest.set("schemas", schemas);
    }
    rest.set("Operations", attributeOperations);
    EmptyOperations.check(operations.size(), tolerance);
    return new Parsed(PatchApplier.parseOperations(type, rest, groupId, tolerance), memberChanges);
  }

  /** Moves what concerns members into {@code memberChanges}; returns what is left for the attributes, if anything. */
  private static JsonNode split(ObjectNode operation, List<MemberChange> memberChanges, Tolerance tolerance) {
    JsonNode opNode = ScimJson.field(operation, "op");
    String op = opNode == null || !opNode.isTextual() ? null : OpNameCase.normalize(opNode.asText(), tolerance);
    JsonNode pathNode = ScimJson.field(operation, "path");
    String path = pathNode == null || pathNode.isNull() ? null : pathNode.asText().trim();
    JsonNode value = ScimJson.field(operation, "value");
    if (op == null || !(op.equals("add") || op.equals("remove") || op.equals("replace"))) {
      return operation;
    }
    if (path == null || path.isEmpty()) {
      if (value == null || !value.isObject() || ScimJson.field(value, "members") == null) {
        return operation;
      }
      ObjectNode attributes = ((ObjectNode) value).deepCopy();
      String membersKey = ScimJson.fieldName(attributes, "members");
      List<UUID> ids = MembershipStore.ids(attributes.remove(membersKey));
      memberChanges.add(op.equals("add") ? new MemberChange.Add(ids) : new MemberChange.Replace(ids));
      if (attributes.isEmpty()) {
        return null;
      }
      ObjectNode rest = operation.deepCopy();
      rest.set(ScimJson.fieldName(rest, "value"), attributes);
      return rest;
    }
    if (!path.toLowerCase(Locale.ROOT).startsWith("members")) {
      return operation;
    }
    String suffix = path.substring("members".length()).trim();
    if (suffix.isEmpty()) {
      memberChanges.add(switch (op) {
        case "add" -> new MemberChange.Add(MembershipStore.ids(required(value, op)));
        case "replace" -> new MemberChange.Replace(MembershipStore.ids(required(value, op)));
        default -> value == null || value.isNull() ? new MemberChange.RemoveAll()
            : MemberRemovalByValue.remove(MembershipStore.ids(value), tolerance);
      });
      return null;
    }
    if (!op.equals("remove") || !suffix.startsWith("[") || !suffix.endsWith("]") || !FilterText.bracketsClosed(suffix)) {
      throw ScimException.invalidPath("'" + path + "': members can be added, replaced, or removed by "
          + "members[value eq \"id\"]");
    }
    memberChanges.add(new MemberChange.Remove(filteredIds(suffix.substring(1, suffix.length() - 1), path)));
    return null;
  }

  /** The ids named by {@code value eq "id"} tests joined by {@code or}. */
  private static List<UUID> filteredIds(String filter, String path) {
    InputLimits.checkFilter(path, true);
    Filter parsed;
    try {
      parsed = Filter.fromString(filter);
    } catch (BadRequestException e) {
      throw ScimException.invalidPath("Invalid path '" + path + "': " + e.getMessage());
    } catch (RuntimeException e) {
      throw ScimException.invalidPath("Invalid path '" + path + "'");
    }
    List<UUID> ids = new ArrayList<>();
    try {
      collect(parsed, ids, path);
    } catch (ClassCastException e) {
      throw ScimException.invalidPath("'" + path + "': a member is selected by 'value eq \"id\"'");
    }
    if (ids.size() > InputLimits.MAX_FILTER_TERMS) {
      throw ScimException.invalidPath("The path selects more than " + InputLimits.MAX_FILTER_TERMS + " members");
    }
    return ids;
  }

  private static void collect(Filter filter, List<UUID> ids, String path) {
    if (filter instanceof OrFilter or) {
      or.getCombinedFilters().forEach(f -> collect(f, ids, path));
      return;
    }
    if (filter instanceof EqualFilter eq && eq.getAttributePath().size() == 1
        && eq.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")) {
      UUID id = Ids.parse(eq.getComparisonValue().asText());
      // An id that cannot be a user cannot be a member either: removing it is a no-op, not an error.
      if (id != null) {
        ids.add(id);
      }
      return;
    }
    throw ScimException.invalidPath("'" + path + "': only 'value eq \"id\"' tests select members");
  }

  private static JsonNode required(JsonNode value, String op) {
    if (value == null || value.isNull()) {
      throw ScimException.invalidValue("An " + op + " of 'members' needs a 'value'");
    }
    return value;
  }
}
