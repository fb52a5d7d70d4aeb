package dev.scimhub.scim.quirks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.scimhub.scim.ScimException;

/** Microsoft Entra ID sends booleans as strings: {@code "active":"False"}, {@code "primary":"True"}. */
public final class BooleanStrings {

  private BooleanStrings() {}

  /** A boolean for a "true"/"false" string in any case; anything else unchanged. */
  public static JsonNode normalize(JsonNode value, String where, Tolerance tolerance) {
    if (value != null && value.isTextual()
        && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
      tolerance.tolerate("BooleanStrings", "'" + where + "': \"" + value.asText() + "\"",
          what -> ScimException.invalidValue(what + " is a string; the attribute is a boolean"));
      return BooleanNode.valueOf(value.asText().equalsIgnoreCase("true"));
    }
    return value;
  }
}
