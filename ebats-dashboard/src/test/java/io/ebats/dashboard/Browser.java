package io.ebats.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * A headless Chromium driven through Debian's chromedriver, both from {@code /usr/bin}, so that nothing is
 * downloaded. Missing binaries fail the test with what to install; they never skip it.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go: system property {@code ebats.screenshots}, by default {@code target/screenshots}. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("ebats.screenshots", "target/screenshots"));

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a headless Chromium with a fresh profile. */
    public static Browser start() {
        require(CHROMIUM, "chromium");
        require(CHROMEDRIVER, "chromedriver");
        Path profile;
        try {
            profile = Files.createTempDirectory("ebats-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    private static void require(Path binary, String name) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(name + " is missing at " + binary + ": the browser tests need Debian's "
                    + "chromium and chromedriver, install them with `apt-get install -y chromium chromium-driver`");
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Loads the page again, as the browser's reload button does. */
    public void reload() {
        driver.navigate().refresh();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Goes to a page of the dashboard through the address fragment, as a click on a link would. */
    public void route(String hash) {
        script("location.hash = arguments[0]", hash);
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** The messages of the browser's console since the last call: script errors, CSP violations. */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves what the window shows as {@code NAME.png} in {@link #SCREENSHOTS}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}
