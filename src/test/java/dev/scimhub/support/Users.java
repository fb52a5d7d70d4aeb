package dev.scimhub.support;

import java.util.concurrent.ThreadLocalRandom;

/** Realistic user bodies, shaped like Okta's create request, with random names. */
public final class Users {

  private Users() {}

  public static String randomUserName() {
    return "user" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL) + "@example.com";
  }

  public static String oktaCreate(String userName, String givenName, String familyName) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "userName":"%s",
         "name":{"givenName":"%s","familyName":"%s"},
         "emails":[{"primary":true,"value":"%s","type":"work"}],
         "displayName":"%s %s",
         "locale":"en-US",
         "externalId":"00u%s",
         "groups":[],
         "password":"1mz050nq",
         "active":true}
        """.formatted(userName, givenName, familyName, userName, givenName, familyName,
        Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL));
  }

  public static String minimal(String userName) {
    return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
  }
}
