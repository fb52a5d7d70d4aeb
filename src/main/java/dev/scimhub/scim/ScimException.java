package dev.scimhub.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.schema.Schemas;

/**
 * A SCIM error (RFC 7644 section 3.12): an HTTP status, an optional {@code scimType} keyword and a human-readable
 * detail. Immutable; create it through the factory named after its {@code scimType}.
 */
public final class ScimException extends RuntimeException {

  /** The filter syntax was invalid, or the filter cannot be served. */
  public static final String INVALID_FILTER = "invalidFilter";
  /** One or more unique attribute values are already in use. */
  public static final String UNIQUENESS = "uniqueness";
  /** The attempted change is incompatible with the target attribute's mutability. */
  public static final String MUTABILITY = "mutability";
  /** The request body structure was invalid or did not conform to the schema. */
  public static final String INVALID_SYNTAX = "invalidSyntax";
  /** The "path" attribute was invalid or malformed. */
  public static final String INVALID_PATH = "invalidPath";
  /** The path did not yield an attribute or value that could be operated on. */
  public static final String NO_TARGET = "noTarget";
  /** A required value was missing, or the value specified was not compatible. */
  public static final String INVALID_VALUE = "invalidValue";
  /** The specified SCIM protocol version is not supported. */
  public static final String INVALID_VERS = "invalidVers";
  /** The request would return more results than the server allows. */
  public static final String TOO_MANY = "tooMany";
  /** A cursor that is not one of this server's, or belongs to another listing (RFC 9865 section 3). */
  public static final String INVALID_CURSOR = "invalidCursor";
  /** A cursor past its {@code cursorTimeout} (RFC 9865 section 3). */
  public static final String EXPIRED_CURSOR = "expiredCursor";

  private final int status;
  private final String scimType;

  private ScimException(int status, String scimType, String detail, Throwable cause) {
    super(detail, cause, false, cause != null);
    this.status = status;
    this.scimType = scimType;
  }

  public int status() {
    return status;
  }

  /** The RFC 7644 keyword, or {@code null} where none applies. */
  public String scimType() {
    return scimType;
  }

  public String detail() {
    return getMessage();
  }

  /** The RFC 7644 section 3.12 error body. */
  public ObjectNode body() {
    var body = ScimJson.object();
    body.putArray("schemas").add(Schemas.ERROR);
    body.put("status", String.valueOf(status));
    if (scimType != null) {
      body.put("scimType", scimType);
    }
    body.put("detail", detail());
    return body;
  }

  public static ScimException invalidFilter(String detail) {
    return new ScimException(400, INVALID_FILTER, detail, null);
  }

  public static ScimException uniqueness(String detail) {
    return new ScimException(409, UNIQUENESS, detail, null);
  }

  public static ScimException mutability(String detail) {
    return new ScimException(400, MUTABILITY, detail, null);
  }

  public static ScimException invalidSyntax(String detail) {
    return new ScimException(400, INVALID_SYNTAX, detail, null);
  }

  public static ScimException invalidPath(String detail) {
    return new ScimException(400, INVALID_PATH, detail, null);
  }

  public static ScimException noTarget(String detail) {
    return new ScimException(400, NO_TARGET, detail, null);
  }

  public static ScimException invalidValue(String detail) {
    return new ScimException(400, INVALID_VALUE, detail, null);
  }

  public static ScimException tooMany(String detail) {
    return new ScimException(400, TOO_MANY, detail, null);
  }

  public static ScimException invalidCursor(String detail) {
    return new ScimException(400, INVALID_CURSOR, detail, null);
  }

  public static ScimException expiredCursor(String detail) {
    return new ScimException(400, EXPIRED_CURSOR, detail, null);
  }

  public static ScimException notFound(String what) {
    return new ScimException(404, null, what + " not found", null);
  }

  public static ScimException preconditionFailed(String detail) {
    return new ScimException(412, null, detail, null);
  }

  public static ScimException unauthorized(String detail) {
    return new ScimException(401, null, detail, null);
  }

  public static ScimException forbidden(String detail) {
    return new ScimException(403, null, detail, null);
  }

  /** 503: the service cannot answer now; the client should retry (its {@code Retry-After} says when). */
  public static ScimException unavailable(String detail) {
    return new ScimException(503, null, detail, null);
  }

  public static ScimException conflict(String detail) {
    return new ScimException(409, null, detail, null);
  }

  public static ScimException of(int status, String detail) {
    return new ScimException(status, null, detail, null);
  }

  /**
   * Translates an error of the SCIM grammar library (filter, path, PATCH) into ours, keeping its status and keyword
   * but naming the fallback keyword for the place it came from.
   */
  public static ScimException from(com.unboundid.scim2.common.exceptions.ScimException e, String fallbackType) {
    var error = e.getScimError();
    String type = error.getScimType() != null ? error.getScimType() : fallbackType;
    String detail = error.getDetail() != null ? error.getDetail() : e.getMessage();
    return new ScimException(error.getStatus(), type, detail, null);
  }
}
