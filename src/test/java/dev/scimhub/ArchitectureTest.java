package dev.scimhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package rules of DESIGN.md ("Package layout"), checked on the compiled main classes: each package imports only
 * what its row allows, no two packages import each other, and the protocol package knows no pools or routes.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.scimhub";

  /** DESIGN.md's "may import" column; the composition root ({@code dev.scimhub} itself) may import everything. */
  private static final Map<String, List<String>> MAY_IMPORT = Map.ofEntries(
      Map.entry("http", List.of("scim", "log")),
      Map.entry("log", List.of()),
      Map.entry("db", List.of()),
      Map.entry("scim", List.of()),
      Map.entry("auth", List.of("http", "scim")),
      Map.entry("token", List.of("http", "db", "audit", "event", "tenant", "scim")),
      Map.entry("tenant", List.of("http", "db", "audit", "event", "scim")),
      Map.entry("audit", List.of("db")),
      Map.entry("event", List.of("http", "db", "scim")),
      Map.entry("activity", List.of("http", "db", "scim")),
      Map.entry("user", List.of("http", "db", "scim", "event", "tenant")),
      Map.entry("group", List.of("http", "db", "scim", "event", "tenant")),
      // Discovery shows the tenant's own schemas, which its TenantContext carries.
      Map.entry("discovery", List.of("user", "group", "scim", "http", "tenant")),
      // The services take a TenantContext, so whatever calls them names the tenant package's type.
      Map.entry("bulk", List.of("user", "group", "scim", "http", "tenant")),
      // The console's links and sessions: their secrets are made and hashed as tokens are, and a session stands in
      // for a JWT of the auth package's roles.
      Map.entry("console", List.of("auth", "http", "scim", "token", "audit")),
      Map.entry("cluster", List.of("db", "http")),
      Map.entry("ops", List.of("db", "http")));

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  static Stream<Arguments> packages() {
    return MAY_IMPORT.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} imports only {1}")
  @MethodSource("packages")
  void aPackageImportsOnlyWhatItsRowAllows(String feature, List<String> allowed) {
    List<String> others = new ArrayList<>();
    MAY_IMPORT.keySet().stream().filter(p -> !p.equals(feature) && !allowed.contains(p))
        .forEach(p -> others.add(ROOT + "." + p + ".."));
    noClasses().that().resideInAPackage(ROOT + "." + feature + "..")
        .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
        .orShould().dependOnClassesThat().resideInAPackage(ROOT)
        .allowEmptyShould(true)
        .check(main);
  }

  @Test
  void noTwoPackagesImportEachOther() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void theProtocolPackageKnowsNoPoolsOrRoutes() {
    noClasses().that().resideInAPackage(ROOT + ".scim..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..",
            "io.vertx.ext.web..", "io.vertx.core.http..")
        .check(main);
  }

  @Test
  void routesHoldNoSql() {
    noClasses().that().haveSimpleNameEndingWith("Routes")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..")
        .check(main);
  }

  @Test
  void mainCodeNeverAwaits() {
    noClasses().should().callMethod(Future.class, "await").check(main);
  }

  @Test
  void everyClassLivesInADeclaredPackage() {
    classes().should().resideInAnyPackage(Stream.concat(Stream.of(ROOT),
        MAY_IMPORT.keySet().stream().map(p -> ROOT + "." + p + "..")).toArray(String[]::new)).check(main);
  }
}
