package dev.scimhub.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks signature, written from the specification and not from scimhub's code:
 * the key is the base64 after {@code whsec_}; the signed content is {@code webhook-id.webhook-timestamp.body}; the
 * header holds space-separated {@code v1,<base64 HMAC-SHA256>}, any one of which may match; the timestamp must be
 * within five minutes of now.
 */
final class StandardWebhooksVerifier {

  private static final long TOLERANCE_SECONDS = 300;

  private StandardWebhooksVerifier() {}

  static boolean verify(String secret, String id, String timestamp, String signatureHeader, String body)
      throws Exception {
    if (secret == null || !secret.startsWith("whsec_") || id == null || timestamp == null
        || signatureHeader == null) {
      return false;
    }
    long sent = Long.parseLong(timestamp);
    if (Math.abs(System.currentTimeMillis() / 1000 - sent) > TOLERANCE_SECONDS) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    for (String candidate : signatureHeader.split(" ")) {
      int comma = candidate.indexOf(',');
      if (comma > 0 && candidate.substring(0, comma).equals("v1")
          && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(comma + 1)))) {
        return true;
      }
    }
    return false;
  }
}
