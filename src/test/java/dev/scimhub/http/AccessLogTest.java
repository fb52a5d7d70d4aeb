package dev.scimhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the access log writes of a path: never a credential that a client put in it. */
class AccessLogTest {

  @Test
  void credentialsInAPathAreMasked() {
    assertEquals("/console/link/acme/[redacted]",
        AccessLog.loggable("/console/link/acme/pl_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"));
    assertEquals("/console/staff/[redacted]", AccessLog.loggable("/console/staff/eyJhbGciOi.eyJyb2xl.c2ln"));
    assertEquals("/tenants/acme/scim/v2/[redacted]/Users",
        AccessLog.loggable("/tenants/acme/scim/v2/scimhub_abcDEF123/Users"));
    assertEquals("/tenants/acme/scim/v2/Users", AccessLog.loggable("/tenants/acme/scim/v2/Users"));
    assertEquals("/console/link/acme", AccessLog.loggable("/console/link/acme"));
  }
}
