package dev.scimhub.scim.schema;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * A SCIM attribute path resolved against a resource type: the extension it lives in (or none), the attribute, an
 * optional sub-attribute, and the value filter of {@code emails[type eq "work"]}, all with canonical names.
 *
 * @param urn the canonical extension URN, or {@code null} for core and common attributes
 * @param sub the sub-attribute, or {@code null}
 * @param valueFilter the filter on the attribute's values, or {@code null}
 */
public record AttributePath(String urn, AttributeDefinition attribute, AttributeDefinition sub, Filter valueFilter) {

  /** Thrown when a path names nothing this resource type has; callers turn it into their own SCIM error. */
  public static final class UnknownAttribute extends Exception {
    public UnknownAttribute(String message) {
      super(message, null, false, false);
    }
  }

  /** Resolves {@code path} at the top of the resource; an extension URN alone has no attribute and is rejected. */
  public static AttributePath resolve(ResourceType type, Path path) throws UnknownAttribute {
    String urn = path.getSchemaUrn();
    String extension = null;
    if (urn != null && !type.isCoreUrn(urn)) {
      extension = type.extensionUrn(urn);
      if (extension == null) {
        throw new UnknownAttribute("unknown schema '" + urn + "'");
      }
    }
    if (path.size() == 0 || path.size() > 2) {
      throw new UnknownAttribute("'" + path + "' does not name an attribute or sub-attribute");
    }
    Path.Element first = path.getElement(0);
    AttributeDefinition attribute = type.attribute(extension, first.getAttribute());
    if (attribute == null) {
      throw new UnknownAttribute("unknown attribute '" + first.getAttribute() + "'");
    }
    AttributeDefinition sub = null;
    if (path.size() == 2) {
      Path.Element second = path.getElement(1);
      if (second.getValueFilter() != null) {
        throw new UnknownAttribute("a value filter is only allowed on the attribute, not on '" + second + "'");
      }
      sub = ResourceType.subAttribute(attribute, second.getAttribute());
      if (sub == null) {
        throw new UnknownAttribute("'" + attribute.getName() + "' has no sub-attribute '" + second.getAttribute() + "'");
      }
    }
    Filter valueFilter = first.getValueFilter() == null ? null : canonical(attribute, first.getValueFilter());
    return new AttributePath(extension, attribute, sub, valueFilter);
  }

  /**
   * The value filter with the sub-attributes it names spelled canonically ({@code TYPE eq "work"} becomes {@code type
   * eq "work"}): a PATCH evaluates it against stored values, whose keys are canonical and matched exactly. A name the
   * attribute does not have is left as sent, for the caller to refuse.
   */
  private static Filter canonical(AttributeDefinition parent, Filter filter) {
    return switch (filter.getFilterType()) {
      case AND -> Filter.and(filter.getCombinedFilters().stream().map(f -> canonical(parent, f)).toList());
      case OR -> Filter.or(filter.getCombinedFilters().stream().map(f -> canonical(parent, f)).toList());
      case NOT -> Filter.not(canonical(parent, filter.getInvertedFilter()));
      case PRESENT -> Filter.pr(canonical(parent, filter.getAttributePath()));
      case EQUAL -> Filter.eq(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case NOT_EQUAL -> Filter.ne(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case CONTAINS -> Filter.co(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case STARTS_WITH -> Filter.sw(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case ENDS_WITH -> Filter.ew(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case GREATER_THAN -> Filter.gt(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case GREATER_OR_EQUAL -> Filter.ge(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case LESS_THAN -> Filter.lt(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case LESS_OR_EQUAL -> Filter.le(canonical(parent, filter.getAttributePath()), filter.getComparisonValue());
      case COMPLEX_VALUE -> filter;
    };
  }

  private static Path canonical(AttributeDefinition parent, Path path) {
    if (path.size() != 1 || path.getSchemaUrn() != null || path.getElement(0).getValueFilter() != null) {
      return path;
    }
    AttributeDefinition sub = ResourceType.subAttribute(parent, path.getElement(0).getAttribute());
    return sub == null ? path : Path.root().attribute(sub.getName());
  }

  /** Resolves a path inside a value filter, relative to the values of {@code parent}. */
  public static AttributePath resolveWithin(AttributeDefinition parent, Path path) throws UnknownAttribute {
    if (path.size() != 1 || path.getElement(0).getValueFilter() != null) {
      throw new UnknownAttribute("'" + path + "' inside a value filter must name one sub-attribute");
    }
    String name = path.getElement(0).getAttribute();
    AttributeDefinition sub = ResourceType.subAttribute(parent, name);
    if (sub == null) {
      throw new UnknownAttribute("'" + parent.getName() + "' has no sub-attribute '" + name + "'");
    }
    return new AttributePath(null, sub, null, null);
  }

  /** The attribute compared or returned: the sub-attribute if there is one. */
  public AttributeDefinition leaf() {
    return sub != null ? sub : attribute;
  }

  /** The JSON keys from the resource's root down to the value, e.g. {@code [urn..., manager, value]}. */
  public List<String> jsonKeys() {
    List<String> keys = new ArrayList<>(3);
    if (urn != null) {
      keys.add(urn);
    }
    keys.add(attribute.getName());
    if (sub != null) {
      keys.add(sub.getName());
    }
    return keys;
  }

  /** The canonical dotted name without the URN, e.g. {@code meta.created} or {@code emails.value}. */
  public String dotted() {
    String name = attribute.getName() + (sub != null ? "." + sub.getName() : "");
    return urn != null ? urn + ":" + name : name;
  }
}
