package dev.scimhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void defaultsApplyWhenNothingIsConfigured() {
    AppConfig config = AppConfig.from(new JsonObject());
    assertEquals(8080, config.httpPort());
    assertEquals("http://localhost:8080", config.publicUrl());
    assertNull(config.dbUrl(), "no database configured means the embedded one");
    assertNull(config.jwtSecret());
    assertEquals(Path.of("./data"), config.dataDir());
    assertEquals(1000, config.maxResults());
  }

  @Test
  void environmentVariableWinsOverTheFile() {
    JsonObject merged = new JsonObject()
        .put("http", new JsonObject().put("port", 9000).put("publicUrl", "https://file.example/"))
        .put("db", new JsonObject().put("url", "postgresql://file@db/file"))
        .put("SCIMHUB_HTTP_PORT", "9443")
        .put("SCIMHUB_DB_URL", "postgresql://env@db/env");
    AppConfig config = AppConfig.from(merged);
    assertEquals(9443, config.httpPort());
    assertEquals("https://file.example", config.publicUrl(), "a trailing slash is dropped");
    assertEquals("postgresql://env@db/env", config.dbUrl());
  }

  @Test
  void emptyValuesInTheFileMeanUnset() {
    AppConfig config = AppConfig.from(new JsonObject()
        .put("db", new JsonObject().put("url", ""))
        .put("auth", new JsonObject().put("jwtSecret", "")));
    assertNull(config.dbUrl());
    assertNull(config.jwtSecret());
  }

  @Test
  void metricsAreOnAndLoopbackOnlyUnlessConfigured() {
    AppConfig defaults = AppConfig.from(new JsonObject());
    assertEquals(true, defaults.metricsEnabled());
    assertNull(defaults.metricsToken());
    AppConfig configured = AppConfig.from(new JsonObject()
        .put("metrics", new JsonObject().put("enabled", true).put("token", "from-file"))
        .put("SCIMHUB_METRICS_ENABLED", "false")
        .put("SCIMHUB_METRICS_TOKEN", "from-env"));
    assertEquals(false, configured.metricsEnabled());
    assertEquals("from-env", configured.metricsToken());
  }

  @Test
  void aSwitchThatIsNotABooleanFailsAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject().put("SCIMHUB_METRICS_ENABLED", "no")));
    assertEquals(true, e.getMessage().contains("SCIMHUB_METRICS_ENABLED"));
  }

  @Test
  void aPortThatIsNotANumberFailsAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject().put("SCIMHUB_HTTP_PORT", "eighty")));
    assertEquals(true, e.getMessage().contains("SCIMHUB_HTTP_PORT"));
  }
}
