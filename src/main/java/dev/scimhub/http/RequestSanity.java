package dev.scimhub.http;

import dev.scimhub.scim.ScimException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What must hold of a request before any route can look at it, checked in front of the router: an HTTP/1.1 request
 * names its {@code Host} (RFC 9112 section 3.2), and its path and query are well-formed percent-encoded UTF-8 (RFC
 * 3986 section 2.1). Either failing made the router itself throw, which answered 500; now it is a 400 SCIM error. A
 * form or multipart body is 415 before any body handler decodes it, but at the console's own forms.
 */
public final class RequestSanity implements Handler<HttpServerRequest> {

  private final Handler<HttpServerRequest> next;

  public RequestSanity(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_1 && request.headers().get("Host") == null) {
      ScimFailureHandler.refuse(request, ScimException.of(400, "An HTTP/1.1 request needs a Host header"));
    } else if (!wellEncoded(request.uri())) {
      ScimFailureHandler.refuse(request, ScimException.of(400, "The request URI is not well-formed percent-encoded "
          + "UTF-8"));
    } else if (formContent(request.headers().get("Content-Type")) && !consoleForm(request.path())) {
      ScimFailureHandler.refuse(request, ScimException.of(415, "Unsupported media type; send application/scim+json "
          + "or application/json"));
    } else {
      next.handle(request);
    }
  }

  /**
   * A form or multipart body, which no API here takes. The body handler would have vert.x decode it as form fields,
   * and a field beyond vert.x's size limit failed the request with a decoder exception: a 500.
   */
  static boolean formContent(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.trim().toLowerCase(Locale.ROOT);
    return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
  }

  /**
   * The console's doors are HTML forms (a link's Continue button, a vendor's page posting a JWT); they read their few
   * bytes themselves, never through vert.x's form decoder.
   */
  static boolean consoleForm(String path) {
    return path != null && (path.startsWith("/console/link/") || path.startsWith("/console/staff/")
        || path.equals("/console/sessions"));
  }

  /** Every {@code %} is followed by two hex digits, and what they encode is UTF-8. */
  static boolean wellEncoded(String uri) {
    if (uri == null) {
      return false;
    }
    int percent = uri.indexOf('%');
    if (percent < 0) {
      return true;
    }
    ByteBuffer decoded = ByteBuffer.allocate(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%') {
        if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
            || Character.digit(uri.charAt(i + 2), 16) < 0) {
          return false;
        }
        decoded.put((byte) (Character.digit(uri.charAt(i + 1), 16) * 16 + Character.digit(uri.charAt(i + 2), 16)));
        i += 2;
      } else if (c < 0x80) {
        decoded.put((byte) c);
      }
      // A raw non-ASCII character is not percent-encoding; it is left for the router, as before.
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(decoded.flip());
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
