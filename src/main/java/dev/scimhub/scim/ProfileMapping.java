package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The vendor's profile fields and where each comes from in a SCIM User, so that its app reads {@code jobTitle} and
 * {@code managerEmail} whichever identity provider sent the data. A mapping is a JSON object of field name to source:
 * a SCIM path ({@code name.givenName}, {@code emails[primary eq true].value},
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division}, a custom attribute's path), a path
 * prefixed {@code manager:} (read from the linked manager's User: {@code manager:emails[primary eq true].value}), or
 * a list of those, the first that has a value winning. A field with no value is null in the profile. An override
 * (a tenant's) replaces fields by name; a field set to null there is dropped.
 */
public final class ProfileMapping {

  public static final ProfileMapping NONE = new ProfileMapping(Map.of());

  private static final String MANAGER = "manager:";
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final int MAX_FIELDS = 100;

  private record Source(boolean manager, Path path) {}

  /** Field name to its sources; null sources (an override's) drop the field. */
  private final Map<String, List<Source>> fields;

  private ProfileMapping(Map<String, List<Source>> fields) {
    this.fields = fields;
  }

  /** A mapping from its JSON form; what cannot be read is 400 invalidValue, naming {@code where}. */
  public static ProfileMapping parse(JsonNode json, String where) {
    if (json == null || json.isNull()) {
      return NONE;
    }
    if (!json.isObject() || json.size() > MAX_FIELDS) {
      throw ScimException.invalidValue("'" + where + "' is an object of at most " + MAX_FIELDS
          + " fields, each a SCIM path (or a list of paths)");
    }
    Map<String, List<Source>> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!FIELD.matcher(field.getKey()).matches()) {
        throw ScimException.invalidValue("'" + where + "." + field.getKey() + "' is not a field name (a letter, then"
            + " letters, digits or '_')");
      }
      JsonNode value = field.getValue();
      if (value.isNull()) {
        fields.put(field.getKey(), null);
        continue;
      }
      List<Source> sources = new ArrayList<>();
      for (JsonNode source : value.isArray() ? value : List.of(value)) {
        if (!source.isTextual()) {
          throw ScimException.invalidValue("'" + where + "." + field.getKey() + "' is a SCIM path or a list of them");
        }
        sources.add(source(source.asText(), where + "." + field.getKey()));
      }
      if (sources.isEmpty()) {
        throw ScimException.invalidValue("'" + where + "." + field.getKey() + "' names no source");
      }
      fields.put(field.getKey(), List.copyOf(sources));
    }
    return new ProfileMapping(fields);
  }

  private static Source source(String text, String where) {
    boolean manager = text.startsWith(MANAGER);
    String path = manager ? text.substring(MANAGER.length()) : text;
    try {
      return new Source(manager, Path.fromString(path));
    } catch (BadRequestException | RuntimeException e) {
      throw ScimException.invalidValue("'" + where + "': '" + text + "' is not a SCIM path");
    }
  }

  /** This mapping with {@code override}'s fields replacing (or, where null, dropping) its own. */
  public ProfileMapping with(ProfileMapping override) {
    if (override.fields.isEmpty()) {
      return this;
    }
    Map<String, List<Source>> merged = new LinkedHashMap<>(fields);
    override.fields.forEach((name, sources) -> {
      if (sources == null) {
        merged.remove(name);
      } else {
        merged.put(name, sources);
      }
    });
    return new ProfileMapping(merged);
  }

  public boolean isEmpty() {
    return fields.values().stream().noneMatch(sources -> sources != null);
  }

  /** Whether a field reads the linked manager's User (which the caller then looks up). */
  public boolean readsManager() {
    return fields.values().stream().anyMatch(sources -> sources != null
        && sources.stream().anyMatch(Source::manager));
  }

  /** The profile of a user, as SCIM returns it, and of its linked manager (null when none or not needed). */
  public ObjectNode apply(ObjectNode user, ObjectNode manager) {
    ObjectNode profile = ScimJson.object();
    fields.forEach((name, sources) -> {
      if (sources == null) {
        return;
      }
      JsonNode value = null;
      for (Source source : sources) {
        ObjectNode from = source.manager() ? manager : user;
        value = from == null ? null : first(source.path(), from);
        if (value != null && !value.isNull()) {
          break;
        }
      }
      profile.set(name, value == null ? ScimJson.nodes().nullNode() : value.deepCopy());
    });
    return profile;
  }

  /** The first value at {@code path}: of a multi-valued attribute, its first (after a value filter, its match). */
  private static JsonNode first(Path path, ObjectNode from) {
    try {
      List<JsonNode> found = JsonUtils.findMatchingPaths(path, from);
      for (JsonNode node : found) {
        JsonNode one = node.isArray() ? (node.isEmpty() ? null : node.get(0)) : node;
        if (one != null && !one.isNull()) {
          return one;
        }
      }
      return null;
    } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
      return null;
    }
  }
}
