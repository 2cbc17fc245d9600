package io.switchboard.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Tokens with an expiry: refused with 401 token_expired from then on, on every route and transport. */
class TokenExpiryTest {
    private static final String EXPIRED = "expired-token";
    private static final String LASTING = "lasting-token";
    private static final String SOON = "soon-token";
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.now();
        f = new GatewayFixture(0.02, b -> b
                .token(new ApiToken("expired", ApiToken.sha256Hex(EXPIRED), Role.ADMIN, null, now.minusSeconds(1)))
                .token(new ApiToken("lasting", ApiToken.sha256Hex(LASTING), Role.VIEWER, null,
                        Instant.parse("2999-01-01T00:00:00Z")))
                .token(new ApiToken("soon", ApiToken.sha256Hex(SOON), Role.VIEWER, null, now.plusSeconds(2))));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anExpiredTokenIs401TokenExpiredEverywhere() {
        assertError(f.get(EXPIRED, "/api/v1/servers"), 401, "token_expired");
        assertThat(f.get(EXPIRED, "/api/v1/servers").body().get("message").asText())
                .contains("expired at").doesNotContain(EXPIRED);
        assertError(f.post(EXPIRED, "/api/v1/actions", "{\"action\":\"Ping\"}"), 401, "token_expired");
        assertError(f.get(EXPIRED, "/metrics"), 401, "token_expired");
        assertError(f.get(EXPIRED, "/api/v1/events?events=None"), 401, "token_expired");
        assertThatThrownBy(() -> f.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                        + f.gateway.port() + "/api/v1/events?token=" + EXPIRED), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        assertThat(f.raw(EXPIRED, "GET", "/api/v1/servers", null).headers().firstValue("WWW-Authenticate"))
                .contains("Bearer");
    }

    @Test
    void aTokenBeforeItsExpiryWorksAndOneThatExpiresIsRefusedFromThen() {
        assertThat(f.get(LASTING, "/api/v1/servers").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> f.get(SOON, "/api/v1/servers").status() == 401);
        assertError(f.get(SOON, "/api/v1/servers"), 401, "token_expired");
        assertThat(f.get(LASTING, "/api/v1/servers").status()).isEqualTo(200);
    }
}
