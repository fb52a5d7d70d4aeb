package dev.scimhub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimhub.AppConfig;
import dev.scimhub.Application;
import dev.scimhub.HttpVerticle;
import dev.scimhub.log.LogTags;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server configured with {@code auth.jwtPublicKeys} accepts admin JWTs signed by the matching private key, and no
 * longer those signed HS256 with the shared secret in its data directory ("public keys instead of a shared secret").
 */
class JwtPublicKeysTest {

  private static Vertx vertx;
  private static String baseUrl;
  private static String dataDirSecret;
  private static KeyPair keys;

  @BeforeAll
  static void startServerWithPublicKeys() throws Exception {
    LogTags.register();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    Path dataDir = Files.createTempDirectory("scimhub-jwt-keys");
    dataDirSecret = JwtSecret.resolve(null, dataDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppConfig config = AppConfig.from(new JsonObject()
        .put("SCIMHUB_HTTP_PORT", port)
        .put("SCIMHUB_DATA_DIR", dataDir.toString())
        .put("SCIMHUB_JWT_PUBLIC_KEYS", pem("PUBLIC KEY", keys.getPublic().getEncoded()))
        .put("SCIMHUB_DB_POOL_SIZE", 2));
    vertx = Vertx.vertx();
    Application app = new Application(vertx, config, TestDatabase.get(), Schemas.load(config.maxResults()),
        dataDirSecret);
    vertx.deployVerticle(() -> new HttpVerticle(app), new io.vertx.core.DeploymentOptions())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    baseUrl = "http://localhost:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aJwtSignedWithTheConfiguredKeysPrivateHalfIsAccepted() {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
    String jwt = signer.generateToken(platformAdmin(), new JWTOptions().setAlgorithm("RS256").setExpiresInSeconds(60));
    assertEquals(200, new ScimClient(baseUrl, "Bearer " + jwt).get("/admin/tenants").status());
  }

  @Test
  void anHs256JwtSignedWithTheDataDirSecretIs401() {
    String jwt = new AdminJwtAuth(vertx, dataDirSecret).mint(platformAdmin(), 60);
    ScimClient.Response response = new ScimClient(baseUrl, "Bearer " + jwt).get("/admin/tenants");
    assertEquals(401, response.status(), response.body());
    assertEquals("Bearer", response.header("WWW-Authenticate"));
  }

  private static JsonObject platformAdmin() {
    return new JsonObject().put("role", AdminJwtAuth.PLATFORM_ADMIN).put("sub", "jwt-keys-test");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
