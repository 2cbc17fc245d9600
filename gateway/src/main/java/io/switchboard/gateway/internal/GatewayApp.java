package io.switchboard.gateway.internal;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.Role;
import io.switchboard.recorder.CdrRecorder;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the Javalin app: routes, the role each needs, error mapping, body limit. Every route is listed in
 * {@code openapi.json} too (a test checks both ways).
 */
public final class GatewayApp {
    /** Request attribute: the caller's {@link ApiToken}, set by the role check. */
    static final String TOKEN = "switchboard.token";
    private static final String API = "/api/v1";

    private GatewayApp() {
    }

    /**
     * A configured, not yet started app; {@code recorder} is null when none is configured. Event streams are
     * written on {@code senders} and kept alive from {@code heartbeatTimer} (which also announces token
     * expiries); the caller shuts both down.
     */
    public static Javalin create(GatewayConfig config, Servers servers, GatewayEvents events,
                                 ExecutorService senders, ScheduledExecutorService heartbeatTimer,
                                 GatewayMetrics metrics, CdrRecorder recorder) {
        Auth auth = new Auth(config.tokens(), new AuthFailures(config.authFailureRate()),
                new TokenExpiries(config.tokens(), Clock.systemUTC(), heartbeatTimer));
        int maxBody = config.maxBodyBytes();
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxBody;
            cfg.http.prefer405over404 = true;
            cfg.startupWatcherEnabled = false;
            // Requests Jetty refuses itself (bad URI, huge headers) get the JSON error shape too.
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            // The dashboard: static files from the class path, no token needed (every data call sends one).
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/dashboard";
                sf.directory = "/io/switchboard/gateway/dashboard";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Content-Security-Policy", "default-src 'self'; object-src 'none'",
                        "X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
            });
        });
        app.get("/", ctx -> ctx.redirect("/dashboard/"));
        errors(app);
        app.before(GatewayApp::securityHeaders);
        app.before(metrics::requestStarted);
        app.after(metrics::requestFinished);

        ChannelApi channels = new ChannelApi(servers, maxBody, recorder);
        ControlApi control = new ControlApi(servers, maxBody, new OriginateLimiter(config.originateRate()));
        ModelApi model = new ModelApi(servers);
        RecordingApi recording = new RecordingApi(servers, maxBody);
        // No token needed (load balancers probe it); the error texts in it only for a caller with a valid one.
        Handler health = ctx -> channels.health(ctx,
                auth.valid(Auth.bearer(ctx.header("Authorization")), ctx.ip()));
        app.get("/health", health);
        app.get(API + "/health", health);
        app.get("/metrics", config.metricsPublic() ? ctx -> metrics(ctx, metrics)
                : secured(auth, Role.VIEWER, maxBody, ctx -> metrics(ctx, metrics)));
        app.get(API + "/openapi.json", OpenApi::serve);
        app.get(API + "/servers", secured(auth, Role.VIEWER, maxBody, channels::servers));
        app.get(API + "/channels", secured(auth, Role.VIEWER, maxBody, channels::list));
        String channel = API + "/channels/{server}/{uniqueid}";
        app.get(channel, secured(auth, Role.VIEWER, maxBody, channels::get));
        app.post(channel + "/hangup", secured(auth, Role.OPERATOR, maxBody, channels::hangup));
        app.post(channel + "/redirect", secured(auth, Role.OPERATOR, maxBody, channels::redirect));
        app.get(channel + "/variables/{name}", secured(auth, Role.VIEWER, maxBody, channels::getVariable));
        app.put(channel + "/variables/{name}", secured(auth, Role.OPERATOR, maxBody, channels::setVariable));
        app.post(channel + "/recording", secured(auth, Role.OPERATOR, maxBody, recording::start));
        app.delete(channel + "/recording", secured(auth, Role.OPERATOR, maxBody, recording::stop));
        app.get(API + "/bridges", secured(auth, Role.VIEWER, maxBody, model::bridges));
        app.get(API + "/peers", secured(auth, Role.VIEWER, maxBody, model::peers));
        app.get(API + "/queues", secured(auth, Role.VIEWER, maxBody, model::queues));
        app.get(API + "/parked", secured(auth, Role.VIEWER, maxBody, model::parked));
        CdrApi cdr = new CdrApi(recorder);
        // Call records are billing data (who called whom, when, on which account): operator. The stats buckets
        // are counts only and feed the dashboard's charts, which a viewer sees too.
        app.get(API + "/cdr", secured(auth, Role.OPERATOR, maxBody, cdr::list));
        app.get(API + "/cdr/export.csv", secured(auth, Role.OPERATOR, maxBody, cdr::export));
        app.get(API + "/cdr/summary", secured(auth, Role.OPERATOR, maxBody, cdr::summary));
        app.get(API + "/cdr/stats", secured(auth, Role.VIEWER, maxBody, cdr::stats));
        app.post(API + "/calls", secured(auth, Role.OPERATOR, maxBody, control::call));
        app.post(API + "/command", secured(auth, Role.ADMIN, maxBody, control::command));
        app.post(API + "/actions", secured(auth, Role.ADMIN, maxBody, control::action));

        EventStreams streams = new EventStreams(events.hubs(), senders,
                new Heartbeats(heartbeatTimer, config.eventHeartbeat()), config.maxEventClients(),
                metrics::eventClientRefused);
        EventSocket socket = new EventSocket(streams, auth);
        socket.register(app);
        EventSse sse = new EventSse(streams);
        // The same path without a WebSocket upgrade: Server-Sent Events. Like the WebSocket it takes ?token=,
        // because a browser's EventSource cannot set headers.
        app.get(EventSocket.PATH, ctx -> {
            String token = ctx.queryParam("token");
            ctx.attribute(TOKEN, auth.require(token != null ? token : Auth.bearer(ctx.header("Authorization")),
                    Role.VIEWER, ctx.ip()));
            sse.handle(ctx);
        });
        metrics.bindEventClients("websocket", socket::clientCount);
        metrics.bindEventClients("sse", sse::clientCount);
        metrics.bindEventClientLimit(config.maxEventClients());
        // Open SSE requests would otherwise hold the server's stop until its timeout.
        app.events(e -> e.serverStopping(sse::closeAll));
        return app;
    }

    /** Every failure, and Javalin's own 404/405/413, as the JSON error shape. */
    private static void errors(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> Errors.write(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> Errors.write(ctx, switch (e.getStatus()) {
            case 404 -> ApiException.notFound("no such endpoint: " + ctx.method() + " " + ctx.path());
            case 405 -> new ApiException(405, "method_not_allowed", ctx.method() + " is not allowed on "
                    + ctx.path(), null);
            case 413 -> new ApiException(413, "too_large", e.getMessage(), null);
            default -> new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage(), null);
        }));
        app.exception(Exception.class, (e, ctx) -> Errors.write(ctx, Errors.map(e)));
    }

    /**
     * On every answer: no MIME sniffing (error messages echo request text); and API answers, which carry call data
     * and billing records, are kept by no browser or proxy cache.
     */
    private static void securityHeaders(io.javalin.http.Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        if (ctx.path().startsWith(API + "/") || ctx.path().equals("/metrics")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static void metrics(io.javalin.http.Context ctx, GatewayMetrics metrics) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    /**
     * Checks the token's role before the handler runs, and the declared body size, so unauthorised or
     * oversized requests are refused before their body is read.
     */
    private static Handler secured(Auth auth, Role role, int maxBody, Handler handler) {
        return ctx -> {
            ctx.attribute(TOKEN, auth.require(Auth.bearer(ctx.header("Authorization")), role, ctx.ip()));
            if (ctx.req().getContentLengthLong() > maxBody) {
                throw new ApiException(413, "too_large", "body: larger than " + maxBody + " bytes", null);
            }
            handler.handle(ctx);
        };
    }
}
