package io.switchboard.testkit;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FakeAsterisk's HTTP manager on the wire (ami-protocol.md §11), with a plain HTTP client. */
class HttpManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern COOKIE = Pattern.compile("mansession_id=\"([0-9a-f]{8})\"; Version=1; Max-Age=(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeAsterisk fake;

    @AfterEach
    void tearDown() {
        if (fake != null) {
            fake.close();
        }
    }

    private void start(java.util.function.UnaryOperator<FakeAsterisk.Builder> tweak) {
        fake = tweak.apply(FakeAsterisk.builder().http(true).loginDelay(Duration.ZERO)).start();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + fake.httpPort() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(WAIT);
        if (cookie != null) {
            b.header("Cookie", "mansession_id=\"" + cookie + "\"");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String form, String cookie, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/rawman")).timeout(WAIT)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", "mansession_id=" + cookie);  // quotes are optional
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String form, String cookie) throws IOException, InterruptedException {
        return post(form, cookie, "application/x-www-form-urlencoded");
    }

    private static String cookie(HttpResponse<?> r) {
        Matcher m = COOKIE.matcher(r.headers().firstValue("Set-Cookie").orElse(""));
        assertThat(m.matches()).as("Set-Cookie %s", r.headers().firstValue("Set-Cookie")).isTrue();
        return m.group(1);
    }

    private String login() throws IOException, InterruptedException {
        HttpResponse<String> r = post("action=login&username=admin&secret=amp111", null);
        assertThat(r.body()).isEqualTo("Response: Success\r\nMessage: Authentication accepted\r\n\r\n");
        return cookie(r);
    }

    /** Login, then collect what is already queued (the SuccessfulAuth of this login): a quiet session. */
    private String quietLogin() throws IOException, InterruptedException {
        String session = login();
        assertThat(post("action=WaitEvent&timeout=0", session).body()).contains("Event: SuccessfulAuth\r\n");
        return session;
    }

    @Test
    void getLoginAnswersLikeRawmanWithACookieSession() throws Exception {
        start(b -> b);
        HttpResponse<String> r = get("/rawman?action=Login&username=admin&secret=amp111&ActionID=l1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("Pragma")).hasValue("SuppressEvents");
        Matcher m = COOKIE.matcher(r.headers().firstValue("Set-Cookie").orElseThrow());
        assertThat(m.matches()).isTrue();
        assertThat(m.group(2)).isEqualTo("60");
        // A new HTTP session starts with event mask 0, so no FullyBooted follows the login.
        assertThat(r.body()).isEqualTo("Response: Success\r\nActionID: l1\r\nMessage: Authentication accepted\r\n\r\n");
        assertThat(fake.loggedInCount()).isEqualTo(1);

        HttpResponse<String> ping = get("/RAWMAN?action=ping&actionid=p1", m.group(1));
        assertThat(ping.body()).startsWith("Response: Success\r\nActionID: p1\r\nPing: Pong\r\nTimestamp: ");
        assertThat(cookie(ping)).isEqualTo(m.group(1));
    }

    @Test
    void loginWithEventsOnGetsFullyBootedInTheReply() throws Exception {
        start(b -> b);
        HttpResponse<String> r = post("action=login&username=admin&secret=amp111&events=on", null);
        assertThat(r.body()).startsWith("Response: Success\r\nMessage: Authentication accepted\r\n\r\n"
                + "Event: FullyBooted\r\nPrivilege: system,all\r\n");
    }

    @Test
    void withoutACookieEachRequestIsANewUnauthenticatedSession() throws Exception {
        start(b -> b);
        login();
        HttpResponse<String> r = post("action=Ping", null);
        assertThat(r.body()).isEqualTo("Response: Error\r\nMessage: Permission denied\r\n\r\n");
        assertThat(fake.sessionCount()).isEqualTo(2);
    }

    @Test
    void waitEventReturnsQueuedEventsFramedAsOverTcp() throws Exception {
        start(b -> b);
        String session = quietLogin();
        fake.pushEvent(Packet.of("Event", "TestEvent", "Privilege", "call,all", "N", "1"));
        fake.pushEvent(Packet.of("Event", "Audit", "Privilege", "security,all"));  // admin reads all
        HttpResponse<String> r = post("action=WaitEvent&timeout=5&actionid=w1", session);
        assertThat(r.body()).isEqualTo("Response: Success\r\nActionID: w1\r\nMessage: Waiting for Event completed.\r\n"
                + "\r\n"
                + "Event: TestEvent\r\nPrivilege: call,all\r\nN: 1\r\n\r\n"
                + "Event: Audit\r\nPrivilege: security,all\r\n\r\n"
                + "Event: WaitEventComplete\r\nActionID: w1\r\n\r\n");
    }

    @Test
    void waitEventBlocksUntilAnEventComes() throws Exception {
        start(b -> b);
        String session = quietLogin();
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(HttpRequest.newBuilder(uri("/rawman"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "mansession_id=" + session)
                .POST(HttpRequest.BodyPublishers.ofString("action=WaitEvent&timeout=30")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Other requests of the session are answered meanwhile; the event is collected whenever it comes.
        assertThat(post("action=Ping", session).body()).contains("Pong");
        fake.pushEvent(Packet.of("Event", "Late", "Privilege", "call,all"));
        assertThat(waiting.get(10, TimeUnit.SECONDS).body()).contains("Event: Late\r\n")
                .endsWith("Event: WaitEventComplete\r\n\r\n");
    }

    @Test
    void waitEventTimeoutIsCappedByTheSessionExpiry() throws Exception {
        start(b -> b.httpTimeout(Duration.ofSeconds(5)));
        String session = quietLogin();
        // cap: 5 - 10 < 0, so answered at once, not after the 30 s asked for (awaited with the usual deadline)
        HttpResponse<String> r = http.sendAsync(HttpRequest.newBuilder(uri("/rawman"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "mansession_id=" + session)
                .POST(HttpRequest.BodyPublishers.ofString("action=WaitEvent&timeout=30")).build(),
                HttpResponse.BodyHandlers.ofString()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.body()).isEqualTo("Response: Success\r\nMessage: Waiting for Event completed.\r\n\r\n"
                + "Event: WaitEventComplete\r\n\r\n");
    }

    @Test
    void eventsRespectReadPermissionOverHttp() throws Exception {
        start(b -> b.account("reader", "pw", "call", ""));
        String session = cookie(post("action=login&username=reader&secret=pw", null));
        fake.pushEvent(Packet.of("Event", "Hidden", "Privilege", "system,all"));
        fake.pushEvent(Packet.of("Event", "Shown", "Privilege", "call,all"));
        String body = post("action=WaitEvent&timeout=5", session).body();
        assertThat(body).contains("Event: Shown").doesNotContain("Hidden");
    }

    @Test
    void sessionsExpireAfterHttpTimeout() throws Exception {
        start(b -> b.httpTimeout(Duration.ofMillis(300)));
        String session = login();
        assertThat(fake.awaitSessions(0, WAIT)).isTrue();  // housekeeping removed it
        HttpResponse<String> r = post("action=Ping", session);
        assertThat(r.body()).isEqualTo("Response: Error\r\nMessage: Permission denied\r\n\r\n");
        assertThat(cookie(r)).isNotEqualTo(session);
    }

    @Test
    void logoffDestroysTheSession() throws Exception {
        start(b -> b);
        String session = login();
        assertThat(post("action=Logoff", session).body())
                .isEqualTo("Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n\r\n");
        assertThat(fake.sessionCount()).isZero();
        assertThat(post("action=Ping", session).body()).contains("Permission denied");
    }

    @Test
    void failedLoginDestroysTheSession() throws Exception {
        start(b -> b);
        HttpResponse<String> r = post("action=login&username=admin&secret=nope", null);
        assertThat(r.body()).isEqualTo("Response: Error\r\nMessage: Authentication failed\r\n\r\n");
        assertThat(fake.sessionCount()).isZero();
    }

    @Test
    void formValuesAreDecodedAndRepeatedKeysKept() throws Exception {
        start(b -> b);
        String session = login();
        fake.takeAction(Duration.ZERO);
        post("action=UserEvent&UserEvent=x&V=a+b%26c%3Dd%C3%BC&V=second", session);
        Packet action = fake.takeAction(WAIT);
        assertThat(action.get("Action")).isEqualTo("UserEvent");
        assertThat(action.getAll("V")).containsExactly("a b&c=dü", "second");
    }

    @Test
    void otherContentTypesCarryNoParameters() throws Exception {
        start(b -> b);
        HttpResponse<String> r = post("action=Ping", null, "text/plain");
        assertThat(r.body()).isEqualTo("Response: Error\r\nMessage: Missing action in request\r\n\r\n");
    }

    @Test
    void otherUrisMethodsAndHugeBodiesAreRefused() throws Exception {
        start(b -> b);
        assertThat(get("/manager?action=ping", null).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(uri("/rawman")).method("PUT",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(501);
        assertThat(post("action=Ping&x=" + "a".repeat(41_000), null).statusCode()).isEqualTo(413);
    }

    @Test
    void prefixIsPutInFrontOfRawman() throws Exception {
        start(b -> b.httpPrefix("asterisk"));
        assertThat(get("/rawman?action=ping", null).statusCode()).isEqualTo(404);
        assertThat(get("/Asterisk/RawMan?action=ping", null).body()).contains("Permission denied");
    }

    @Test
    void restartDropsSessionsAndKeepsThePort() throws Exception {
        start(b -> b);
        int port = fake.httpPort();
        String session = login();
        fake.restart();
        assertThat(fake.httpPort()).isEqualTo(port);
        assertThat(fake.sessionCount()).isZero();
        assertThat(post("action=Ping", session).body()).contains("Permission denied");
    }

    @Test
    void httpIsOffUnlessAskedFor() {
        fake = FakeAsterisk.builder().start();
        assertThatThrownBy(fake::httpPort).isInstanceOf(IllegalStateException.class);
    }
}
