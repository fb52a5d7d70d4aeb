package dev.scimhub.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 key for admin JWTs: {@code SCIMHUB_JWT_SECRET} when set, otherwise a random key generated once into the
 * data directory, so that {@code admin-token} and the server agree. File access blocks, so this runs at start.
 */
public final class JwtSecret {

  static final String FILE = "jwt-secret";

  private JwtSecret() {}

  public static String resolve(String configured, Path dataDir) throws IOException {
    if (configured != null) {
      return configured;
    }
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      Files.createDirectories(dataDir);
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
      try {
        Files.writeString(file, encoded + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        restrictToOwner(file);
      } catch (FileAlreadyExistsException raced) {
        // Another process created it first; use theirs.
      }
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default permissions.
    }
  }
}
