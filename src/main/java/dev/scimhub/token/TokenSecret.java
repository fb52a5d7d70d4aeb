package dev.scimhub.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API token values: 256 random bits behind a recognisable {@code scimhub_} prefix (so secret scanners can find a
 * leaked one), stored only as a SHA-256 hash. A fast hash is right here: the value is random and long, so there is
 * nothing to brute-force, and it is checked on every SCIM request.
 */
public final class TokenSecret {

  public static final String PREFIX = "scimhub_";
  /** How much of a value is kept in clear to recognise it in listings: the prefix and 4 more characters. */
  static final int SHOWN_LENGTH = PREFIX.length() + 4;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private TokenSecret() {}

  public static String generate() {
    return random(PREFIX);
  }

  /** 256 random bits in base64url after {@code prefix}: the console's link and session secrets too. */
  public static String random(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + ENCODER.encodeToString(bytes);
  }

  public static byte[] hash(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  public static String shownPrefix(String value) {
    return value.substring(0, Math.min(SHOWN_LENGTH, value.length()));
  }

  /** Constant-time comparison, so the time taken says nothing about how much of a hash matched. */
  public static boolean sameHash(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
