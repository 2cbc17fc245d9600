package io.switchboard.gateway;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real headless Chromium driven by the Debian {@code chromium-driver}, with a fresh profile directory. Both
 * binaries are given explicitly so Selenium never looks for (or downloads) a browser or driver of its own; the
 * browser is told not to talk to anything but the page under test. Public because cli's demo browser test uses it
 * too (from gateway's test-jar).
 */
public final class DashboardBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Debian's Chromium may be newer than the DevTools versions this Selenium bundles; only WebDriver is used
     * here, so the "no CDP implementation" warning is noise. Held in a field so the setting is not collected.
     */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    /** The browser session; closed by {@link #close()}. */
    public final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    /** Fails (not skips) when the browser is missing: CI installs it in .ci/run, so absence is a broken setup. */
    public static void requireInstalled() {
        String hint = " is missing: install the Debian packages with `apt-get install -y chromium chromium-driver`"
                + " (.ci/run does this)";
        assertThat(Files.isExecutable(CHROMIUM)).as(CHROMIUM + hint).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as(CHROMEDRIVER + hint).isTrue();
    }

    public DashboardBrowser() throws IOException {
        requireInstalled();
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1400,1300",
                // a loaded CI machine must not make Chromium defer the page's timers and rendering
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
    }

    /**
     * Waits up to {@code wait} for the condition (stale elements retried); on a timeout saves the page as
     * {@code target/<failureShot>} and fails with the text the page showed.
     */
    public static <T> T until(WebDriver d, Duration wait, String failureShot, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(d, wait).ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            String state;
            try {
                Path shot = Path.of("target", failureShot);
                Files.createDirectories(shot.getParent());
                Files.write(shot, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
                state = String.valueOf(((JavascriptExecutor) d).executeScript("return document.body.innerText"));
            } catch (IOException | RuntimeException ignored) {
                state = "(page state unavailable: " + ignored + ")";
            }
            throw new AssertionError("timed out; the page showed:\n" + state, e);
        }
    }

    /** Clicks the element once it is there and clickable (stale elements retried), failing as {@link #until}. */
    public static void click(WebDriver d, Duration wait, String failureShot, By by) {
        until(d, wait, failureShot, x -> {
            x.findElement(by).click();
            return true;
        });
    }

    /**
     * Opens {@code url} with nothing remembered from an earlier test (session storage, console messages) and
     * waits for the token form.
     */
    public static void openFresh(WebDriver d, String url, Duration wait, String failureShot) {
        d.get(url);
        ((JavascriptExecutor) d).executeScript("sessionStorage.clear();");
        d.navigate().refresh();
        until(d, wait, failureShot, x -> x.findElement(By.id("token")).isDisplayed());
        d.manage().logs().get(LogType.BROWSER); // drops the console messages of earlier pages
    }

    /** The channel table's rows, Uniqueid to channel name, read in one script so no row goes stale mid-read. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> channelRows(WebDriver d) {
        Object rows = ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#channels-body tr')].map(r => [r.dataset.uniqueid, r.dataset.name]);");
        Map<String, String> out = new HashMap<>();
        for (Object row : (List<Object>) rows) {
            List<Object> r = (List<Object>) row;
            out.put(String.valueOf(r.get(0)), String.valueOf(r.get(1)));
        }
        return out;
    }

    /** The text of every element matching {@code css}, in document order. */
    @SuppressWarnings("unchecked")
    public static List<String> texts(WebDriver d, String css) {
        return (List<String>) ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css);
    }

    /**
     * No uncaught script error or CSP violation in the browser console since it was last read; failed resource
     * loads (the 401/403/404 answers a test provokes) are logged by the browser too and do not count.
     */
    public static void assertNoScriptErrors(WebDriver d) {
        List<String> problems = d.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource")).toList();
        assertThat(problems).as("script errors in the browser console").isEmpty();
    }

    /** Logs in on a page showing the token form and waits for the dashboard view. */
    public static void login(WebDriver d, Duration wait, String failureShot, String token) {
        d.findElement(By.id("token")).sendKeys(token);
        click(d, wait, failureShot, By.id("login"));
        until(d, wait, failureShot, x -> x.findElement(By.id("app-view")).isDisplayed());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
