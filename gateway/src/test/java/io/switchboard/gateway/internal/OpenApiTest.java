package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.javalin.websocket.WsHandlerEntry;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.ServerConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the routes GatewayApp registers describe the same API, both ways. The API is every
 * route under /api plus /health and /metrics; pages of the dashboard are not part of it.
 */
class OpenApiTest {
    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.DELETE, HandlerType.PATCH);

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
        GatewayConfig config = GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", 5038, "u", "NO_SUCH_ENV", null)).build();
        ExecutorService senders = Executors.newSingleThreadExecutor();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        try {
            Javalin app = GatewayApp.create(config, new Servers(List.of()), new GatewayEvents(List.of("pbx1"), 10),
                    senders, heartbeats, new GatewayMetrics(), null);
            Set<String> routes = new TreeSet<>();
            for (ParsedEndpoint e : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
                if (METHODS.contains(e.getEndpoint().getMethod()) && isApi(e.getEndpoint().getPath())) {
                    routes.add(e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath());
                }
            }
            for (WsHandlerEntry e : app.unsafeConfig().pvt.internalRouter.allWsHandlers()) {
                // The WebSocket upgrade is a GET of its path.
                routes.add("GET " + e.getPath());
            }
            assertThat(routes).contains("GET /api/v1/bridges", "POST /api/v1/calls", "GET /api/v1/events");
            assertThat(documented()).containsExactlyInAnyOrderElementsOf(routes);
        } finally {
            senders.shutdownNow();
            heartbeats.shutdownNow();
        }
    }

    @Test
    void everyOperationHasResponsesAndErrorsUseTheErrorSchema() throws Exception {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.0");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        for (Iterator<JsonNode> paths = doc.get("paths").elements(); paths.hasNext(); ) {
            for (Iterator<JsonNode> ops = paths.next().elements(); ops.hasNext(); ) {
                JsonNode op = ops.next();
                assertThat(op.get("summary").asText()).isNotEmpty();
                op.get("responses").fields().forEachRemaining(r -> {
                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                        assertThat(r.getValue().at("/content/application~1json/schema/$ref").asText())
                                .isEqualTo("#/components/schemas/Error");
                    }
                });
            }
        }
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/health") || path.equals("/metrics");
    }

    private static Set<String> documented() throws Exception {
        Set<String> out = new TreeSet<>();
        document().get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        return out;
    }

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApi.RESOURCE)) {
            return Json.MAPPER.readTree(in);
        }
    }
}
