package dev.scimhub.http;

/** The public addresses of a tenant's endpoints, built from {@code SCIMHUB_PUBLIC_URL}. */
public record BaseUrls(String publicUrl) {

  public String scimV2(String tenantId) {
    return publicUrl + "/tenants/" + tenantId + "/scim/v2";
  }

  /** SCIM 1.1, for Okta's "SCIM 1.1 Header Auth" apps, over the same data. */
  public String scimV1(String tenantId) {
    return publicUrl + "/tenants/" + tenantId + "/scim/v1";
  }
}
