package io.switchboard.cli;

import io.switchboard.gateway.DashboardBrowser;
import io.switchboard.testkit.pbx.ChannelInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #6's acceptance test: the dashboard of a running {@code switchboard demo} ({@link DemoEnvironment}, the
 * same object the command runs) in a real headless Chromium. The call-center traffic runs ten times faster than
 * real time so calls come and go within seconds; the seed is fixed so every run plays the same calls. The page is
 * opened at the URL the demo prints and signed in with its token, as a person would.
 */
class DemoDashboardBrowserTest {
    private static final String TOKEN = "demo-browser-test-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SCREENSHOT = Path.of("target", "demo-dashboard.png");

    private static DemoEnvironment demo;
    private static DashboardBrowser browser;

    @BeforeAll
    static void start() throws IOException {
        DashboardBrowser.requireInstalled();
        demo = DemoEnvironment.builder().port(0).token(TOKEN).speed(10).callsPerMinute(12).seed(20260611L).build()
                .start();
        browser = new DashboardBrowser();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    @Test
    void theRunningDemoShowsCallsBridgesAndQueuesAndHangsACallUpFromThePage() throws Exception {
        WebDriver d = login(TOKEN);
        until(d, x -> x.findElement(By.cssSelector("#servers .pill.ok[data-server='demo']")).isDisplayed()
                && "events live".equals(x.findElement(By.id("ws-status")).getText()));

        // calls of the simulated call center appear in the table, and end by themselves
        Set<String> first = until(d, x -> DashboardBrowser.channelRows(x).size() >= 3 ? DashboardBrowser.channelRows(x).keySet() : null);
        until(d, x -> !DashboardBrowser.channelRows(x).keySet().containsAll(first));
        until(d, x -> !first.containsAll(DashboardBrowser.channelRows(x).keySet()));

        // an answered call is drawn as one card with both parties
        until(d, x -> DashboardBrowser.texts(x, "#bridges .bridge:not(.lonely) .parties").stream().anyMatch(t -> t.contains("\u2194")));

        // both queues of the call center are on the wallboard with their agents, and callers wait in them
        until(d, x -> DashboardBrowser.texts(x, "#queues .queue h3").stream().anyMatch(t -> t.startsWith("sales"))
                && DashboardBrowser.texts(x, "#queues .queue h3").stream().anyMatch(t -> t.startsWith("support"))
                && x.findElements(By.cssSelector("#queues .queue[data-queue='sales'] .members li")).size() >= 2
                && x.findElements(By.cssSelector("#queues .queue[data-queue='support'] .members li")).size() >= 2);
        until(d, x -> !x.findElements(By.cssSelector("#queues .queue .callers li")).isEmpty());
        // members read as words (idle, in call...), and "agents free" counts the idle ones
        until(d, x -> !x.findElements(By.cssSelector("#queues .member.ms-idle")).isEmpty());
        assertThat(DashboardBrowser.texts(d, "#queues .member")).noneMatch(t -> t.matches(".*[A-Z]{2,}_.*"));
        until(d, x -> freeAgentsMatchIdleMembers(x, "sales") && freeAgentsMatchIdleMembers(x, "support"));

        // the event tail says what each event is about: a device's new state, a variable and its value
        until(d, x -> DashboardBrowser.texts(x, "#event-list li[data-event='DeviceStateChange'] .chan").stream()
                .anyMatch(t -> !t.isEmpty())
                && DashboardBrowser.texts(x, "#event-list li[data-event='VarSet']").stream().anyMatch(t -> t.contains("=")));

        // a call that stays up until someone hangs it up: hung up from its row's button
        String held = holdCall();
        until(d, x -> DashboardBrowser.channelRows(x).containsKey(held));
        click(d, By.cssSelector("tr[data-uniqueid='" + held + "'] button.hangup"));
        until(d, x -> !DashboardBrowser.channelRows(x).containsKey(held));
        until(d, x -> x.findElement(By.id("notice")).getText().contains("Hang-up requested"));
        await().atMost(WAIT).until(() -> api("channels/" + DemoEnvironment.SERVER_NAME + "/" + held)
                .statusCode() == 404);
        assertThat(demo.pbx().channels()).extracting(ChannelInfo::uniqueid).doesNotContain(held);

        // the screenshot shows a busy moment: several channels, a connected call, someone waiting in a queue
        until(d, x -> DashboardBrowser.channelRows(x).size() >= 4
                && !x.findElements(By.cssSelector("#bridges .bridge:not(.lonely)")).isEmpty()
                && !x.findElements(By.cssSelector("#queues .queue .callers li")).isEmpty()
                && !x.findElements(By.cssSelector("#event-list li")).isEmpty());
        // the click scrolled the table to the held call's row; back to the top for the picture
        ((JavascriptExecutor) d).executeScript("document.querySelector('#channels-panel .scroll').scrollTo(0, 0);");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
        assertThat(SCREENSHOT).isNotEmptyFile();
        DashboardBrowser.assertNoScriptErrors(d);
        assertThat(demo.pbx().failedTasks()).isZero();
    }

    @Test
    void onlyTheDemosTokenSignsIn() throws Exception {
        WebDriver d = freshPage();
        d.findElement(By.id("token")).sendKeys(TOKEN + "x");
        click(d, By.id("login"));
        until(d, x -> x.findElement(By.id("login-error")).getText().contains("401"));
        assertThat(d.findElement(By.id("app-view")).isDisplayed()).isFalse();
        assertThat(api("channels").statusCode()).isEqualTo(200);
        assertThat(BackgroundRun.get(demo.url() + "api/v1/channels", TOKEN + "x").statusCode()).isEqualTo(401);
    }

    // ---- helpers ----

    /** The demo's printed URL (it redirects to the dashboard), with nothing remembered from an earlier test. */
    private static WebDriver freshPage() {
        WebDriver d = browser.driver;
        DashboardBrowser.openFresh(d, demo.url(), WAIT, "demo-dashboard-failure.png");
        assertThat(d.getCurrentUrl()).endsWith("/dashboard/");
        return d;
    }

    private static WebDriver login(String token) {
        WebDriver d = freshPage();
        DashboardBrowser.login(d, WAIT, "demo-dashboard-failure.png", token);
        return d;
    }

    /** Waits for the condition; on a timeout saves target/demo-dashboard-failure.png and says what the page showed. */
    private static <T> T until(WebDriver d, Function<WebDriver, T> condition) {
        return DashboardBrowser.until(d, WAIT, "demo-dashboard-failure.png", condition);
    }

    private static void click(WebDriver d, By by) {
        DashboardBrowser.click(d, WAIT, "demo-dashboard-failure.png", by);
    }

    /** The queue's "agents free" figure against its idle members, both read in one script (one rendering). */
    @SuppressWarnings("unchecked")
    private static boolean freeAgentsMatchIdleMembers(WebDriver d, String queue) {
        List<Object> r = (List<Object>) ((JavascriptExecutor) d).executeScript("""
                const q = document.querySelector(`#queues .queue[data-queue="${arguments[0]}"]`);
                if (!q) return ['', 0, 0];
                const free = [...q.querySelectorAll('.stat')].find(s => s.textContent.endsWith('agents free'));
                return [free ? free.querySelector('b').textContent : '', q.querySelectorAll('.member.ms-idle').length,
                        q.querySelectorAll('.member').length];
                """, queue);
        return !r.get(0).equals("") && r.get(0).equals(r.get(1) + "/" + r.get(2));
    }

    private static HttpResponse<String> api(String path) throws Exception {
        return BackgroundRun.get(demo.url() + "api/v1/" + path, TOKEN);
    }

    /**
     * A call on the demo's PBX that stays up (an hour of simulated time) until hung up, so the hang-up from the
     * page never races the call ending by itself; its first channel's Uniqueid.
     */
    private static String holdCall() {
        Set<String> before = new HashSet<>();
        demo.pbx().channels().forEach(c -> before.add(c.uniqueid()));
        demo.pbx().cliOriginate("Local/hold@test", "Wait", "3600");
        return await().atMost(WAIT).until(() -> demo.pbx().channels().stream()
                .filter(c -> !before.contains(c.uniqueid()) && c.name().startsWith("Local/hold@test-")
                        && c.name().endsWith(";1"))
                .map(ChannelInfo::uniqueid).findFirst().orElse(null), u -> u != null);
    }
}
