package dev.scimhub.http;

/** Content types scimhub speaks. */
public final class MediaTypes {

  public static final String SCIM_JSON = "application/scim+json";
  public static final String JSON = "application/json";

  private MediaTypes() {}
}
