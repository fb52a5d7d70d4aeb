package dev.scimhub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a downloaded one) for the
 * console's end-to-end tests, with screenshots under {@code target/console-screenshots} and axe-core's accessibility
 * check. Where Chromium is not installed the browser tests are skipped with a note, unless
 * {@code SCIMHUB_REQUIRE_BROWSER} is set (as {@code .ci/run} does), which makes its absence a failure.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private final ChromeDriver driver;
  private final WebDriverWait wait;
  private final String name;
  private int shots;

  private Browser(String name, int width) {
    this.name = name;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The machine's network is closed: without these Chromium keeps trying to reach Google's services.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--window-size=" + width + ",900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, 900));
    // Pages re-render after each answer: an element looked at a moment before may be gone; look again.
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  /** A browser 1280 px wide. */
  public static Browser open(String name) {
    return open(name, 1280);
  }

  public static Browser open(String name, int width) {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && System.getenv("SCIMHUB_REQUIRE_BROWSER") == null) {
      Assumptions.abort("Debian's chromium and chromium-driver are not installed (apt-get install chromium"
          + " chromium-driver); .ci/run installs them and requires these tests");
    }
    return new Browser(name, width);
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void get(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits for the page's main heading to read {@code text}. */
  public void heading(String text) {
    wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), text));
  }

  public void click(String css) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  /** Clicks the button or link of the page whose text is {@code text}. */
  public void press(String text) {
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
        "//*[self::button or self::a][normalize-space(.)=" + xpathLiteral(text) + "]"))).click();
  }

  public void waitFor(java.util.function.Function<ChromeDriver, Boolean> condition) {
    wait.until(d -> condition.apply(driver));
  }

  /** As {@link #waitFor(java.util.function.Function)}, for what the server does in the background. */
  public void waitFor(Duration limit, java.util.function.Function<ChromeDriver, Boolean> condition) {
    new WebDriverWait(driver, limit, Duration.ofSeconds(1))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.apply(driver));
  }

  public String text(String css) {
    return find(css).getText();
  }

  public String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** Writes a screenshot of the page as {@code <test>-<n>-<step>.png}, and returns its path. */
  public Path screenshot(String step) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + "-" + String.format("%02d", ++shots) + "-" + step + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("screenshot " + step, e);
    }
  }

  /** axe-core over the page as it is now: no violation of impact serious or critical. */
  public void accessible(String page) {
    Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
        .analyze(driver);
    List<Rule> serious = results.getViolations().stream()
        .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
        .toList();
    assertEquals("", serious.stream()
        .map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
            + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n")), "accessibility violations on " + page);
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static String xpathLiteral(String text) {
    return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
  }

  /**
   * Ends each test's browser (kept by the test in a field named {@code browser}) with a last screenshot: "end" after a
   * pass, "FAILED" after a failure, so every test leaves its pictures under {@link #SCREENSHOTS}.
   */
  public static final class Screenshots implements TestWatcher {
    @Override
    public void testSuccessful(ExtensionContext context) {
      finish(context, "end");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      finish(context, "FAILED");
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
      finish(context, "aborted");
    }

    private static void finish(ExtensionContext context, String step) {
      context.getTestInstance().ifPresent(instance -> {
        Object browser;
        try {
          var field = instance.getClass().getDeclaredField("browser");
          field.setAccessible(true);
          browser = field.get(instance);
          field.set(instance, null);
        } catch (ReflectiveOperationException e) {
          return;
        }
        if (browser instanceof Browser b) {
          try {
            b.screenshot(step);
          } finally {
            b.close();
          }
        }
      });
    }
  }
}
