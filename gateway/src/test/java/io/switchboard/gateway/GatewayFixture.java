package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/** FakeAsterisk with a fast simulated PBX, a gateway over it with one token per role, and an HTTP client. */
final class GatewayFixture implements AutoCloseable {
    static final String VIEWER = "viewer-token";
    static final String OPERATOR = "operator-token";
    static final String ADMIN = "admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeAsterisk fake;
    final SimulatedPbx pbx;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path secretFile;

    GatewayFixture() throws IOException {
        this(0.02, b -> b);
    }

    /**
     * With the simulated PBX at {@code timeScale} (1 = real time: parked calls and queue callers stay long
     * enough to be seen) and the configuration adjusted by {@code customize}. Returns once the server is READY.
     */
    GatewayFixture(double timeScale, UnaryOperator<GatewayConfig.Builder> customize) throws IOException {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .callEngine(sink -> SimulatedPbx.builder().timeScale(timeScale).build(sink)).start();
        pbx = (SimulatedPbx) fake.callEngine().orElseThrow();
        secretFile = Files.createTempFile("ami", ".secret");
        Files.writeString(secretFile, FakeAsterisk.DEFAULT_SECRET);
        // Generous enough that only the rate limit tests (which set their own) ever meet the limits.
        GatewayConfig config = customize.apply(GatewayConfig.builder().port(0).originateRate(new RateLimit(6000, 1000))
                .authFailureRate(new AuthFailureLimit(6000, 1000, 100))
                .server(new ServerConfig("pbx1", fake.host(), fake.port(), FakeAsterisk.DEFAULT_USERNAME, null,
                        secretFile))
                .token(new ApiToken("v", ApiToken.sha256Hex(VIEWER), Role.VIEWER))
                .token(new ApiToken("o", ApiToken.sha256Hex(OPERATOR), Role.OPERATOR))
                .token(new ApiToken("a", ApiToken.sha256Hex(ADMIN), Role.ADMIN)))
                .build();
        gateway = new Gateway(config).start();
        // The servers connect in the background; tests start once the model is there.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode servers = get(VIEWER, "/api/v1/servers").body();
            return servers.get(0).get("state").asText().equals("READY") && servers.get(0).get("synced").asBoolean();
        });
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    /** A parsed answer. */
    record Answer(int status, JsonNode body) {
    }

    Answer get(String token, String path) {
        return send(token, "GET", path, null);
    }

    Answer post(String token, String path, String body) {
        return send(token, "POST", path, body);
    }

    Answer send(String token, String method, String path, String body) {
        HttpResponse<String> r = raw(token, method, path, body);
        try {
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The unparsed answer, for headers and non-JSON bodies. */
    HttpResponse<String> raw(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a call that stays up (Local/hold@test running Wait 600); returns a new channel's Uniqueid. */
    String holdCall() {
        return call("Local/hold@test");
    }

    /** Originates {@code dial} to Wait(600) on the simulated PBX; returns the first new channel's Uniqueid. */
    String call(String dial) {
        java.util.Set<String> before = uniqueids();
        pbx.cliOriginate(dial, "Wait", "600");
        java.util.concurrent.atomic.AtomicReference<String> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            java.util.Set<String> now = uniqueids();
            now.removeAll(before);
            now.stream().findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private java.util.Set<String> uniqueids() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        get(VIEWER, "/api/v1/channels").body().forEach(c -> ids.add(c.get("uniqueid").asText()));
        return ids;
    }

    @Override
    public void close() throws IOException {
        gateway.close();
        fake.close();
        Files.deleteIfExists(secretFile);
    }
}
