package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.schema.AttributePath;
import dev.scimhub.scim.schema.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which attributes a response carries (RFC 7644 section 3.4.2.5, {@code attributes} and {@code excludedAttributes}),
 * following each attribute's {@code returned}: {@code always} ones ({@code id}, {@code schemas}) are kept whatever
 * is asked, {@code never} ones are never sent, {@code request} ones only when named.
 */
public final class Projection {

  /** A tree of canonical JSON keys; an empty child means "the whole value". */
  private static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();

    Node child(String key) {
      return children.computeIfAbsent(key, k -> new Node());
    }
  }

  private final ResourceType type;
  private final Node included;
  private final Node excluded;

  private Projection(ResourceType type, Node included, Node excluded) {
    this.type = type;
    this.included = included;
    this.excluded = excluded;
  }

  /** From the two query parameters (comma-separated attribute paths); both may be null. */
  public static Projection of(ResourceType type, String attributes, String excludedAttributes) {
    Node included = parse(type, attributes);
    Node excluded = included == null ? parse(type, excludedAttributes) : null;
    return new Projection(type, included, excluded);
  }

  public static Projection all(ResourceType type) {
    return new Projection(type, null, null);
  }

  /** The resource type (a tenant's, with its custom attributes) this projection was made for. */
  public ResourceType type() {
    return type;
  }

  /** Whether nothing was asked for: every attribute is returned as its {@code returned} says. */
  public boolean isDefault() {
    return included == null && excluded == null;
  }

  /**
   * Whether the client left out {@code attribute} (e.g. {@code excludedAttributes=members}), so a store can avoid
   * loading it at all.
   */
  public boolean excludes(String attribute) {
    if (included != null) {
      return !included.children.containsKey(attribute);
    }
    return excluded != null && excluded.children.containsKey(attribute)
        && excluded.children.get(attribute).children.isEmpty();
  }

  /**
   * Applies the projection to one value of a multi-valued attribute that is not part of the representation (a
   * group's streamed members), in place: {@code members.value} keeps only the value.
   */
  public ObjectNode applyToValue(String attributeName, ObjectNode value) {
    AttributeDefinition attribute = type.attribute(null, attributeName);
    Node in = included == null ? null : included.children.get(attributeName);
    Node out = excluded == null ? null : excluded.children.get(attributeName);
    Node subIn = in == null || in.children.isEmpty() ? null : in;
    if (attribute != null && (subIn != null || out != null)) {
      projectSubAttributes(attribute, value, subIn, out);
    }
    return value;
  }

  /** Applies the projection to a full representation, in place, and returns it. */
  public ObjectNode apply(ObjectNode resource) {
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    List<String> remove = new ArrayList<>();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (key.equals("schemas")) {
        continue;
      }
      String extension = type.extensionUrn(key);
      if (extension != null) {
        if (!projectExtension(extension, field.getValue())) {
          remove.add(key);
        }
        continue;
      }
      AttributeDefinition attribute = type.attribute(null, key);
      if (attribute == null || !keep(attribute, key, field.getValue(), included, excluded)) {
        remove.add(key);
      }
    }
    resource.remove(remove);
    return resource;
  }

  private boolean projectExtension(String urn, JsonNode value) {
    Node in = included == null ? null : included.children.get(urn);
    Node out = excluded == null ? null : excluded.children.get(urn);
    if (included != null && in == null) {
      // An extension named only through some of its attributes is walked; otherwise it is left out.
      return false;
    }
    if (out != null && out.children.isEmpty()) {
      return false;
    }
    if (!value.isObject()) {
      return true;
    }
    ObjectNode object = (ObjectNode) value;
    List<String> remove = new ArrayList<>();
    object.fields().forEachRemaining(field -> {
      AttributeDefinition attribute = type.attribute(urn, field.getKey());
      Node inChildren = in == null || in.children.isEmpty() ? null : in;
      if (attribute == null || !keep(attribute, field.getKey(), field.getValue(), inChildren, out)) {
        remove.add(field.getKey());
      }
    });
    object.remove(remove);
    return !object.isEmpty();
  }

  /** Decides for one attribute under the given include/exclude nodes, and projects its sub-attributes. */
  private static boolean keep(AttributeDefinition attribute, String key, JsonNode value, Node in, Node out) {
    Returned returned = attribute.getReturned();
    if (returned == Returned.NEVER) {
      return false;
    }
    if (returned == Returned.ALWAYS) {
      return true;
    }
    Node inChild = in == null ? null : in.children.get(key);
    Node outChild = out == null ? null : out.children.get(key);
    if (in != null && inChild == null) {
      return false;
    }
    if (in == null && returned == Returned.REQUEST) {
      return false;
    }
    if (outChild != null && outChild.children.isEmpty()) {
      return false;
    }
    Node subIn = inChild == null || inChild.children.isEmpty() ? null : inChild;
    Node subOut = outChild;
    if ((subIn != null || subOut != null) && attribute.getSubAttributes() != null) {
      projectSubAttributes(attribute, value, subIn, subOut);
    }
    return true;
  }

  private static void projectSubAttributes(AttributeDefinition attribute, JsonNode value, Node in, Node out) {
    if (value.isArray()) {
      for (JsonNode element : (ArrayNode) value) {
        projectSubAttributes(attribute, element, in, out);
      }
      return;
    }
    if (!value.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) value;
    List<String> remove = new ArrayList<>();
    object.fields().forEachRemaining(field -> {
      AttributeDefinition sub = ResourceType.subAttribute(attribute, field.getKey());
      if (sub == null || !keep(sub, field.getKey(), field.getValue(), in, out)) {
        remove.add(field.getKey());
      }
    });
    object.remove(remove);
  }

  private static Node parse(ResourceType type, String list) {
    if (list == null || list.isBlank()) {
      return null;
    }
    Node root = new Node();
    for (String item : list.split(",")) {
      String name = item.trim();
      if (name.isEmpty()) {
        continue;
      }
      String extension = type.extensionUrn(name);
      if (extension != null) {
        root.child(extension);
        continue;
      }
      AttributePath path;
      try {
        path = AttributePath.resolve(type, Path.fromString(name));
      } catch (BadRequestException | AttributePath.UnknownAttribute e) {
        // RFC 7644 leaves unknown names open; asking for what does not exist simply returns nothing of it.
        continue;
      }
      Node node = root;
      for (String key : path.jsonKeys()) {
        node = node.child(key);
      }
    }
    return root;
  }
}
