package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium against a gateway over FakeAsterisk with continuous simulated
 * traffic (real-time, so calls last seconds as on a PBX): calls appear and end, one is hung up from the page,
 * a bridged call is drawn, the event tail filters and pauses, a viewer's hang-up is refused on the page.
 */
class DashboardBrowserTest {
    private static final String OPERATOR = "dash-operator-token";
    private static final String VIEWER = "dash-viewer-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FakeAsterisk fake;
    private static SimulatedPbx pbx;
    private static Gateway gateway;
    private static AutoCloseable traffic;
    private static Path secretFile;

    /** One browser for the class (starting Chromium is the slow part); each test begins on a fresh page. */
    private static DashboardBrowser browser;

    @BeforeAll
    static void start() throws IOException {
        DashboardBrowser.requireInstalled();
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .callEngine(sink -> SimulatedPbx.builder().timeScale(1.0).seed(42).build(sink)).start();
        pbx = (SimulatedPbx) fake.callEngine().orElseThrow();
        secretFile = Files.createTempFile("ami", ".secret");
        Files.writeString(secretFile, FakeAsterisk.DEFAULT_SECRET);
        gateway = new Gateway(GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", fake.host(), fake.port(), FakeAsterisk.DEFAULT_USERNAME, null,
                        secretFile))
                .token(new ApiToken("v", ApiToken.sha256Hex(VIEWER), Role.VIEWER))
                .token(new ApiToken("o", ApiToken.sha256Hex(OPERATOR), Role.OPERATOR))
                .build()).start();
        traffic = pbx.simulateTraffic(1.0);
        browser = new DashboardBrowser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (traffic != null) {
            traffic.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (fake != null) {
            fake.close();
        }
        if (secretFile != null) {
            Files.deleteIfExists(secretFile);
        }
    }

    @Test
    void operatorSeesCallsComeAndGoHangsOneUpAndFiltersEvents() throws IOException {
        String held = holdCall();
        Set<String> bridged = bridgedCall();
        WebDriver d = login(OPERATOR);

        until(d, x -> DashboardBrowser.channelRows(x).containsKey(held) && DashboardBrowser.channelRows(x).size() >= 3);
        // a call of the simulated traffic ends by itself and its row goes away
        String ending = until(d, x -> DashboardBrowser.channelRows(x).entrySet().stream()
                .filter(e -> !e.getValue().startsWith("Local/hold@")).map(Map.Entry::getKey).findFirst().orElse(null));
        until(d, x -> !DashboardBrowser.channelRows(x).containsKey(ending));

        // the long bridged call is drawn as one card with both parties
        until(d, x -> DashboardBrowser.texts(x, "#bridges .bridge .parties").stream()
                .anyMatch(t -> bridged.stream().allMatch(t::contains) && t.contains("\u2194")));

        click(d, By.cssSelector("tr[data-uniqueid='" + held + "'] button.hangup"));
        until(d, x -> !DashboardBrowser.channelRows(x).containsKey(held));
        await().atMost(WAIT).until(() -> get(OPERATOR, "/api/v1/channels/pbx1/" + held).statusCode() == 404);
        assertThat(d.findElement(By.id("notice")).getText()).contains("Hang-up requested");

        WebElement filter = d.findElement(By.id("event-filter"));
        filter.sendKeys("Hangup");
        until(d, x -> {
            List<String> lines = DashboardBrowser.texts(x, "#event-list li");
            return !lines.isEmpty() && lines.stream().allMatch(l -> l.toLowerCase().contains("hangup"))
                    && !x.findElements(By.cssSelector("#event-list li[data-event='Hangup']")).isEmpty();
        });
        // several words must all match (event name, channel, Uniqueid or server)
        filter.clear();
        filter.sendKeys("newexten storm");
        until(d, x -> {
            List<String> lines = DashboardBrowser.texts(x, "#event-list li");
            return !lines.isEmpty() && lines.stream().map(String::toLowerCase)
                    .allMatch(l -> l.contains("newexten") && l.contains("local/storm"));
        });
        clearFilter(d);
        until(d, x -> !x.findElements(By.cssSelector("#event-list li[data-event='Newchannel']")).isEmpty());

        // pause: the tail stands still while events keep arriving, then catches up on resume
        click(d, By.id("pause"));
        String top = firstSeq(d);
        until(d, x -> x.findElement(By.id("pause")).getText().equals("Resume")
                && x.findElement(By.id("missed")).getText().matches("[1-9]\\d* new"));
        assertThat(firstSeq(d)).isEqualTo(top);
        click(d, By.id("pause"));
        until(d, x -> !top.equals(firstSeq(x)) && x.findElement(By.id("missed")).getText().isEmpty());

        until(d, x -> DashboardBrowser.channelRows(x).size() >= 3 && !x.findElements(By.cssSelector("#bridges .bridge")).isEmpty());
        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
        assertThat(shot).isNotEmptyFile();
        assertThat(d.findElement(By.cssSelector("#ws-status")).getText()).isEqualTo("events live");
        DashboardBrowser.assertNoScriptErrors(d);
    }

    @Test
    void viewerHangupIsRefusedOnThePage() {
        String held = holdCall();
        WebDriver d = login(VIEWER);
        until(d, x -> DashboardBrowser.channelRows(x).containsKey(held));
        click(d, By.cssSelector("tr[data-uniqueid='" + held + "'] button.hangup"));
        until(d, x -> {
            WebElement notice = x.findElement(By.id("notice"));
            return notice.isDisplayed() && notice.getText().contains("refused") && notice.getText().contains("403");
        });
        assertThat(d.findElement(By.id("notice")).getAttribute("class")).isEqualTo("error");
        assertThat(DashboardBrowser.channelRows(d)).containsKey(held);
        assertThat(get(OPERATOR, "/api/v1/channels/pbx1/" + held).statusCode()).isEqualTo(200);
        until(d, x -> x.findElement(By.cssSelector("tr[data-uniqueid='" + held + "'] button.hangup")).isEnabled());

        click(d, By.id("logout"));
        until(d, x -> x.findElement(By.id("login-form")).isDisplayed());
        assertThat(((JavascriptExecutor) d).executeScript("return sessionStorage.length")).isEqualTo(0L);
        DashboardBrowser.assertNoScriptErrors(d);
        assertThat(post(OPERATOR, "/api/v1/channels/pbx1/" + held + "/hangup").statusCode()).isEqualTo(202);
    }

    @Test
    void aDroppedEventSocketResumesFromTheLastSequence() {
        WebDriver d = login(VIEWER);
        until(d, x -> !x.findElements(By.cssSelector("#event-list li")).isEmpty());
        JavascriptExecutor js = (JavascriptExecutor) d;
        js.executeScript("window.switchboard.stream.ws.close();");
        until(d, x -> String.valueOf(js.executeScript("return window.switchboard.stream.resumedFrom"))
                .matches("pbx1:\\d+") && x.findElement(By.id("ws-status")).getText().equals("events live"));
        // the table still follows the PBX after the resume, and no event was delivered twice
        String held = holdCall();
        until(d, x -> DashboardBrowser.channelRows(x).containsKey(held));
        assertThat(post(OPERATOR, "/api/v1/channels/pbx1/" + held + "/hangup").statusCode()).isEqualTo(202);
        until(d, x -> !DashboardBrowser.channelRows(x).containsKey(held));
        @SuppressWarnings("unchecked")
        List<String> seqs = (List<String>) js.executeScript(
                "return [...document.querySelectorAll('#event-list li')].map(li => li.dataset.seq);");
        assertThat(seqs).doesNotHaveDuplicates();
        DashboardBrowser.assertNoScriptErrors(d);
    }

    /**
     * The bridges, queues and CDR statistics endpoints may be missing on a gateway (the panels then say so or
     * hide); here the page's own drawing code gets their documented shapes, including hostile text.
     */
    @Test
    @SuppressWarnings("unchecked")
    void panelsDrawTheDocumentedShapesAsPlainText() {
        WebDriver d = login(VIEWER);
        Map<String, Object> out = (Map<String, Object>) ((JavascriptExecutor) d).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('./views.js'), import('./model.js')]).then(([v, m]) => {
                  const evil = '<img src=x onerror="window.pwned=1">';
                  const queues = document.createElement('div');
                  v.renderQueues(queues, [{server: 'pbx1', name: 'support', strategy: 'rrmemory',
                    callers: [{position: 1, channel: 'PJSIP/x-1', uniqueid: '9.1', callerIdNumber: '100',
                               callerIdName: evil, waitSeconds: 75}],
                    members: [{name: 'Agent A', interface: 'PJSIP/a', status: 1, paused: false, inCall: false,
                               callsTaken: 3},
                              {name: 'Agent B', interface: 'PJSIP/b', status: 2, paused: true, inCall: false,
                               callsTaken: 0}],
                    longestWaitSeconds: 75, completed: 4, abandoned: 1, holdTimeSeconds: 20}], Date.now());
                  const model = new m.Model();
                  model.loadChannels([{server: 'pbx1', uniqueid: '1.1', name: 'PJSIP/alice-1', state: 'UP',
                    callerId: {name: evil, number: '100'}, connectedLine: {}, createdAt: new Date().toISOString()},
                    {server: 'pbx1', uniqueid: '1.2', name: 'PJSIP/bob-2', state: 'UP', callerId: {},
                    connectedLine: {}, createdAt: new Date().toISOString()}]);
                  model.loadBridges([{server: 'pbx1', id: 'b-1', technology: 'simple_bridge', type: 'basic',
                    channels: ['1.1', '1.2'], createdAt: new Date(Date.now() - 83000).toISOString()}]);
                  const ignored = [model.apply({server: 'pbx1', seq: 1, event: 'SomethingNew', headers: [['A', 'b']]}),
                    model.apply({server: 'pbx1', seq: 2, event: 'Hangup', headers: 'garbage'}),
                    model.apply({server: 'pbx1', seq: 3, event: 'BridgeEnter', headers: [['BridgeUniqueid']]})]
                    .every(t => t.size === 0 || !t.has('channels'));
                  const bridges = document.createElement('div');
                  v.renderBridges(bridges, model);
                  const channels = document.createElement('tbody');
                  v.renderChannels(channels, model, () => {});
                  const t0 = Date.parse('2026-01-01T10:00:00Z');
                  const chart = v.chart([0, 1, 2].map(i => ({bucketStart: new Date(t0 + i * 60000).toISOString(),
                    calls: i * 2, avgDurationSeconds: 30 + i})), 'calls', 'bar', '');
                  const line = v.chart([], 'avgDurationSeconds', 'line', 's');
                  done({queue: queues.textContent, bridge: bridges.textContent, channel: channels.textContent,
                    elements: [queues, bridges, channels].map(e => e.querySelectorAll('img').length)
                      .reduce((a, b) => a + b),
                    bars: chart.querySelectorAll('rect').length, empty: line.querySelectorAll('polyline').length,
                    ignored});
                }).catch(e => done({error: String(e)}));
                """);
        assertThat(out).doesNotContainKey("error");
        assertThat((String) out.get("queue")).contains("support", "rrmemory", "01:15", "Agent A", "idle",
                "Agent B", "paused", "3 taken", "<img src=x");
        assertThat((String) out.get("bridge")).contains("PJSIP/alice-1", "PJSIP/bob-2", "\u2194", "01:2",
                "simple_bridge");
        assertThat((String) out.get("channel")).contains("<img src=x onerror=");
        assertThat(out.get("elements")).isEqualTo(0L);
        assertThat(out.get("bars")).isEqualTo(3L);
        assertThat(out.get("empty")).isEqualTo(0L);
        assertThat(out.get("ignored")).isEqualTo(true);
        assertThat(((JavascriptExecutor) d).executeScript("return window.pwned === undefined")).isEqualTo(true);
        DashboardBrowser.assertNoScriptErrors(d);
    }

    @Test
    void aWrongTokenIsRefusedAtLogin() {
        WebDriver d = freshPage();
        d.findElement(By.id("token")).sendKeys("not-a-token");
        click(d, By.id("login"));
        until(d, x -> x.findElement(By.id("login-error")).getText().contains("401"));
        assertThat(d.findElement(By.id("app-view")).isDisplayed()).isFalse();
        assertThat(((JavascriptExecutor) d).executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void staticFilesNeedNoTokenButTheDataDoes() {
        HttpResponse<String> root = get(null, "/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/dashboard/");
        HttpResponse<String> page = get(null, "/dashboard/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Switchboard dashboard</title>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
        HttpResponse<String> js = get(null, "/dashboard/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(get(null, "/dashboard/nope.js").statusCode()).isEqualTo(404);
        assertThat(get(null, "/api/v1/channels").statusCode()).isEqualTo(401);
    }

    // ---- browser helpers ----

    /** The login page with nothing remembered from an earlier test (token, console messages). */
    private static WebDriver freshPage() {
        DashboardBrowser.openFresh(browser.driver, base() + "/", WAIT, "dashboard-failure.png");
        return browser.driver;
    }

    private static WebDriver login(String token) {
        WebDriver d = freshPage();
        DashboardBrowser.login(d, WAIT, "dashboard-failure.png", token);
        return d;
    }

    /** Waits for the condition; on a timeout saves target/dashboard-failure.png and says what the page showed. */
    private static <T> T until(WebDriver d, Function<WebDriver, T> condition) {
        return DashboardBrowser.until(d, WAIT, "dashboard-failure.png", condition);
    }

    private static void click(WebDriver d, By by) {
        DashboardBrowser.click(d, WAIT, "dashboard-failure.png", by);
    }

    private static void clearFilter(WebDriver d) {
        WebElement filter = d.findElement(By.id("event-filter"));
        filter.clear();
        until(d, x -> x.findElement(By.id("event-filter")).getAttribute("value").isEmpty());
    }

    private static String firstSeq(WebDriver d) {
        return (String) ((JavascriptExecutor) d).executeScript(
                "const li = document.querySelector('#event-list li'); return li ? li.dataset.seq : '';");
    }

    // ---- gateway helpers ----

    private static String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static HttpResponse<String> get(String token, String path) {
        return send(token, HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    private static HttpResponse<String> post(String token, String path) {
        return send(token, HttpRequest.newBuilder(URI.create(base() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
    }

    private static HttpResponse<String> send(String token, HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode channels() {
        try {
            return JSON.readTree(get(VIEWER, "/api/v1/channels").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call that stays up (Wait 600) until hung up; its first channel's Uniqueid. */
    private static String holdCall() {
        Set<String> before = new HashSet<>();
        channels().forEach(c -> before.add(c.get("uniqueid").asText()));
        pbx.cliOriginate("Local/hold@test", "Wait", "600");
        AtomicReference<String> found = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            for (JsonNode c : channels()) {
                String name = c.get("name").asText();
                if (!before.contains(c.get("uniqueid").asText()) && name.startsWith("Local/hold@test-")
                        && name.endsWith(";1")) {
                    found.set(c.get("uniqueid").asText());
                }
            }
            return found.get() != null;
        });
        return found.get();
    }

    /** A long two-party call (Dial from one held Local channel to another); the bridged channels' names. */
    private static Set<String> bridgedCall() {
        Set<String> before = new HashSet<>();
        channels().forEach(c -> before.add(c.get("uniqueid").asText()));
        pbx.cliOriginate("Local/hold@test", "Dial", "Local/hold@test");
        AtomicReference<Set<String>> found = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            Map<String, Set<String>> byBridge = new HashMap<>();
            for (JsonNode c : channels()) {
                String bridge = c.path("bridgeId").asText("");
                if (!before.contains(c.get("uniqueid").asText()) && !bridge.isEmpty()) {
                    byBridge.computeIfAbsent(bridge, k -> new HashSet<>()).add(c.get("name").asText());
                }
            }
            byBridge.values().stream().filter(s -> s.size() == 2).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
