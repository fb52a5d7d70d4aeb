package dev.scimhub.scim.quirks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.schema.ResourceType;

/**
 * Microsoft Entra ID sends the enterprise {@code manager} as the manager's id alone ({@code "manager":"<id>"}),
 * also under the full URN path; RFC 7643 section 4.3 makes it a complex value {@code {"value":"<id>"}}.
 */
public final class ManagerAsString {

  private ManagerAsString() {}

  /** {@code {"value": text}} for a string given to a complex attribute that has a {@code value}; else unchanged. */
  public static JsonNode normalize(AttributeDefinition attribute, JsonNode value, String where, Tolerance tolerance) {
    if (value != null && value.isTextual() && attribute.getType() == AttributeDefinition.Type.COMPLEX
        && !attribute.isMultiValued() && ResourceType.subAttribute(attribute, "value") != null) {
      tolerance.tolerate("ManagerAsString", "'" + where + "': \"" + value.asText() + "\" as {\"value\": …}",
          what -> ScimException.invalidValue("'" + where + "' must be a JSON object"));
      ObjectNode wrapped = ScimJson.object();
      wrapped.set("value", value);
      return wrapped;
    }
    return value;
  }
}
