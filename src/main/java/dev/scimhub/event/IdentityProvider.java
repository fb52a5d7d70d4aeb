package dev.scimhub.event;

import java.util.Locale;

/**
 * The identity provider behind a request, as far as its {@code User-Agent} tells (best effort: nothing in SCIM names
 * the client): what an event's context and the request log show, so the app and support know who sent a change.
 */
public enum IdentityProvider {
  OKTA("okta", "okta"),
  ENTRA("entra", "azure", "microsoft", "entra", "aad"),
  ONELOGIN("onelogin", "onelogin"),
  JUMPCLOUD("jumpcloud", "jumpcloud"),
  GOOGLE("google", "google"),
  OTHER("other");

  private final String wire;
  private final String[] marks;

  IdentityProvider(String wire, String... marks) {
    this.wire = wire;
    this.marks = marks;
  }

  public String wire() {
    return wire;
  }

  /** The provider a {@code User-Agent} names; {@link #OTHER} for none or an unknown one. */
  public static IdentityProvider detect(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return OTHER;
    }
    String agent = userAgent.toLowerCase(Locale.ROOT);
    for (IdentityProvider provider : values()) {
      for (String mark : provider.marks) {
        if (agent.contains(mark)) {
          return provider;
        }
      }
    }
    return OTHER;
  }
}
