package io.switchboard.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wrong tokens are limited per remote address: past the burst every request from that address is 429 with
 * Retry-After, even with a right token, on the REST routes, the SSE stream and the WebSocket upgrade alike,
 * while another address (127.0.0.2, also loopback) is served as before. The refill is one a minute, so nothing
 * here depends on the clock; the bucket itself is tested on a fake clock in {@code AuthFailuresTest}.
 */
class AuthFailureLimitTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture(0.02, b -> b.authFailureRate(new AuthFailureLimit(1, 3, 100)));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anAddressThatGuessesIsRefusedAndOthersAreNot() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        // Missing tokens are no guesses: they never count.
        for (int i = 0; i < 5; i++) {
            assertError(f.get(null, "/api/v1/servers"), 401, "unauthorized");
        }
        assertThat(f.get(VIEWER, "/api/v1/servers").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertError(f.get("guess-" + i, "/api/v1/servers"), 401, "unauthorized");
        }

        // Refused before the token is looked at: a right one gets the same answer as a wrong one.
        for (String token : new String[] {VIEWER, ADMIN, "guess-9", null}) {
            HttpResponse<String> r = f.raw(token, "GET", "/api/v1/channels", null);
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(GatewayFixture.JSON.readTree(r.body()).get("code").asText())
                    .isEqualTo("too_many_auth_failures");
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        }
        assertError(f.get(VIEWER, "/api/v1/events?events=None"), 429, "too_many_auth_failures");
        assertThatThrownBy(() -> f.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                        + f.gateway.port() + "/api/v1/events?token=" + VIEWER), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(429));
        // The open routes stay open.
        assertThat(f.get(null, "/health").status()).isEqualTo(200);

        // Another address: served, and its own wrong tokens are its own.
        assertThat(statusFrom(other, "/api/v1/servers", VIEWER)).startsWith("HTTP/1.1 200");
        assertThat(statusFrom(other, "/api/v1/servers", "guess-x")).startsWith("HTTP/1.1 401");
        assertThat(statusFrom(other, "/api/v1/servers", VIEWER)).startsWith("HTTP/1.1 200");
    }

    /** The status line of a GET sent from {@code local} (any loopback address) to the gateway. */
    private static String statusFrom(InetAddress local, String path, String token) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.gateway.port()), 5000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return all.substring(0, all.indexOf("\r\n"));
        }
    }
}
