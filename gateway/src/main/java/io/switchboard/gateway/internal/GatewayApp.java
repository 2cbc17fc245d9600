package io.switchboard.gateway.internal;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.Role;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/** Builds the Javalin app: routes, the role each needs, error mapping, body limit. */
public final class GatewayApp {
    private static final String API = "/api/v1";

    private GatewayApp() {
    }

    /** A configured, not yet started app. */
    public static Javalin create(GatewayConfig config, Servers servers, GatewayEvents events,
                                 ExecutorService senders) {
        Auth auth = new Auth(config.tokens());
        int maxBody = config.maxBodyBytes();
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxBody;
            cfg.startupWatcherEnabled = false;
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
        app.exception(ApiException.class, (e, ctx) -> Errors.write(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> Errors.write(ctx,
                new ApiException(e.getStatus(), e.getStatus() == 413 ? "too_large" : "http_" + e.getStatus(),
                        e.getMessage(), null)));
        app.exception(Exception.class, (e, ctx) -> Errors.write(ctx, Errors.map(e)));

        ChannelApi channels = new ChannelApi(servers, maxBody);
        ControlApi control = new ControlApi(servers, maxBody);
        app.get("/health", channels::health);
        app.get(API + "/health", channels::health);
        app.get(API + "/servers", secured(auth, Role.VIEWER, maxBody, channels::servers));
        app.get(API + "/channels", secured(auth, Role.VIEWER, maxBody, channels::list));
        String channel = API + "/channels/{server}/{uniqueid}";
        app.get(channel, secured(auth, Role.VIEWER, maxBody, channels::get));
        app.post(channel + "/hangup", secured(auth, Role.OPERATOR, maxBody, channels::hangup));
        app.post(channel + "/redirect", secured(auth, Role.OPERATOR, maxBody, channels::redirect));
        app.get(channel + "/variables/{name}", secured(auth, Role.VIEWER, maxBody, channels::getVariable));
        app.put(channel + "/variables/{name}", secured(auth, Role.OPERATOR, maxBody, channels::setVariable));
        app.post(API + "/calls", secured(auth, Role.OPERATOR, maxBody, control::call));
        app.post(API + "/command", secured(auth, Role.ADMIN, maxBody, control::command));
        app.post(API + "/actions", secured(auth, Role.ADMIN, maxBody, control::action));
        new EventSocket(events.hubs(), auth, senders).register(app);
        return app;
    }

    /**
     * Checks the token's role before the handler runs, and the declared body size, so unauthorised or
     * oversized requests are refused before their body is read.
     */
    private static Handler secured(Auth auth, Role role, int maxBody, Handler handler) {
        return ctx -> {
            auth.require(Auth.bearer(ctx.header("Authorization")), role);
            if (ctx.req().getContentLengthLong() > maxBody) {
                throw new ApiException(413, "too_large", "body: larger than " + maxBody + " bytes", null);
            }
            handler.handle(ctx);
        };
    }
}
