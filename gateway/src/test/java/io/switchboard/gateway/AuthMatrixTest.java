package io.switchboard.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.switchboard.gateway.GatewayFixture.ADMIN;
import static io.switchboard.gateway.GatewayFixture.OPERATOR;
import static io.switchboard.gateway.GatewayFixture.VIEWER;
import static io.switchboard.gateway.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every secured route: no token, an unknown token and a token in the query string (only the event stream takes
 * one) are 401; a token one role too low is 403; all before the body or the path's channel is looked at.
 */
class AuthMatrixTest {
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new GatewayFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** A route, the role it needs (null: viewer is the lowest, so no 403 case) and a body. */
    private record Route(String method, String path, String tooLow, String body) {
    }

    private static final String CH = "/api/v1/channels/pbx1/1.1";
    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/v1/servers", null, null),
            new Route("GET", "/api/v1/channels", null, null),
            new Route("GET", CH, null, null),
            new Route("POST", CH + "/hangup", VIEWER, "{}"),
            new Route("POST", CH + "/redirect", VIEWER, "{\"context\":\"a\",\"exten\":\"b\"}"),
            new Route("GET", CH + "/variables/X", null, null),
            new Route("PUT", CH + "/variables/X", VIEWER, "{\"value\":\"v\"}"),
            new Route("POST", CH + "/recording", VIEWER, "{}"),
            new Route("DELETE", CH + "/recording", VIEWER, null),
            new Route("GET", "/api/v1/bridges", null, null),
            new Route("GET", "/api/v1/peers", null, null),
            new Route("GET", "/api/v1/queues", null, null),
            new Route("GET", "/api/v1/parked", null, null),
            new Route("GET", "/api/v1/cdr", VIEWER, null),
            new Route("GET", "/api/v1/cdr/export.csv", VIEWER, null),
            new Route("GET", "/api/v1/cdr/summary", VIEWER, null),
            new Route("GET", "/api/v1/cdr/stats", null, null),
            new Route("POST", "/api/v1/calls", VIEWER, "{\"to\":\"PJSIP/a\",\"application\":\"Wait\"}"),
            new Route("POST", "/api/v1/command", OPERATOR, "{\"command\":\"core show version\"}"),
            new Route("POST", "/api/v1/actions", OPERATOR, "{\"action\":\"Ping\"}"),
            new Route("GET", "/api/v1/events", null, null),
            new Route("GET", "/metrics", null, null));

    @Test
    void everySecuredRouteChecksTheTokenAndItsRole() {
        for (Route r : ROUTES) {
            assertError(f.send(null, r.method(), r.path(), r.body()), 401, "unauthorized");
            assertError(f.send("not-a-token", r.method(), r.path(), r.body()), 401, "unauthorized");
            assertError(f.send(ADMIN + " x", r.method(), r.path(), r.body()), 401, "unauthorized");
            if (r.tooLow() != null) {
                assertError(f.send(r.tooLow(), r.method(), r.path(), r.body()), 403, "forbidden");
            }
            if (!r.path().equals("/api/v1/events")) {
                String sep = r.path().contains("?") ? "&" : "?";
                assertError(f.send(null, r.method(), r.path() + sep + "token=" + ADMIN, r.body()), 401,
                        "unauthorized");
            }
        }
    }

    @Test
    void theOpenRoutesNeedNoToken() {
        assertThat(f.get(null, "/health").status()).isEqualTo(200);
        assertThat(f.get(null, "/api/v1/health").status()).isEqualTo(200);
        assertThat(f.get(null, "/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(f.raw(null, "GET", "/dashboard/", null).statusCode()).isEqualTo(200);
    }
}
