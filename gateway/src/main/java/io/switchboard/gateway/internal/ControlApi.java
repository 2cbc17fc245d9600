package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.ami.Action;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.Response;
import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.Role;
import io.switchboard.live.AsteriskServer;
import io.switchboard.live.CallerId;
import io.switchboard.live.Channel;
import io.switchboard.live.OriginateRequest;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Calls (originate, connect two parties), CLI commands and raw AMI actions. */
final class ControlApi {
    private static final int MAX_ACTION_HEADERS = 100;
    /**
     * Actions that act on the AMI session itself, which the gateway shares with every caller: Logoff ends it for
     * good (the client does not reconnect a connection that logged off), Login/Challenge would re-authenticate
     * it, and Events/Filter would change which events the live model and every event stream get. None of them
     * means anything for one API request, so they are refused (lower case).
     */
    private static final Set<String> SESSION_ACTIONS = Set.of("login", "logoff", "challenge", "events", "filter");

    private final Servers servers;
    private final int maxBody;
    private final OriginateLimiter limiter;

    ControlApi(Servers servers, int maxBody, OriginateLimiter limiter) {
        this.servers = servers;
        this.maxBody = maxBody;
        this.limiter = limiter;
    }

    /**
     * {@code POST /calls}: {@code from}+{@code to} connects two parties; {@code to} with {@code application}
     * or {@code context}/{@code exten} originates. Answers 201 with the answered channel once it is up.
     * Every attempt counts against the token's rate limit (429 with Retry-After beyond it), valid or not, so
     * a client cannot probe at full speed with bad requests either.
     */
    void call(Context ctx) {
        long wait = limiter.acquire(ctx.attribute(GatewayApp.TOKEN));
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ApiException(429, "rate_limited", "too many calls from this token; retry in " + wait + " s",
                    null);
        }
        ObjectNode body = Json.body(ctx, maxBody);
        String name = servers.nameOrOnly(Json.optText(body, "server"));
        AsteriskServer server = servers.ready(name);
        String to = dialString(body, "to", true);
        String from = dialString(body, "from", false);
        OriginateRequest.Builder b = OriginateRequest.to(from != null ? from : to);
        if (body.has("timeout")) {
            b.timeout(Duration.ofSeconds(Json.optInt(body, "timeout", 30, 1, 600)));
        }
        String callerId = Json.optText(body, "callerId");
        if (callerId != null) {
            b.callerId(CallerId.parse(callerId));
        }
        variables(ctx, body, b);
        CompletableFuture<Channel> call;
        if (from != null) {
            // connect() replaces the channel and application of its template
            call = server.connect(from, to, b.application("Wait", "1").build());
        } else {
            String app = Json.optNonEmpty(body, "application");
            String context = Json.optNonEmpty(body, "context");
            if ((app == null) == (context == null)) {
                throw ApiException.badRequest("application", "give either application or context/exten");
            }
            if (app != null) {
                String data = Json.optText(body, "data");
                requireAdminForShell(ctx, app, data);
                b.application(app, data == null ? "" : data);
            } else {
                b.dialplan(context, Json.text(body, "exten"), Json.optInt(body, "priority", 1, 1, Integer.MAX_VALUE));
            }
            call = server.originate(b.build());
        }
        ctx.future(() -> call.handle((channel, failure) -> {
            if (failure != null) {
                Errors.write(ctx, Errors.map(failure));
            } else {
                Json.write(ctx, 201, Views.channel(name, channel));
            }
            return null;
        }));
    }

    /**
     * An application that runs shell commands or other applications (System, TrySystem, Exec, ExecIf...), or
     * data that calls SHELL or EVAL, is a shell on the Asterisk host: admin only, like {@code /command}. The
     * same test Asterisk applies to an Originate from a manager account without the {@code system} class --
     * which the gateway's own account usually has, so it must be made here for the gateway's roles.
     */
    private static void requireAdminForShell(Context ctx, String app, String data) {
        if (isAdmin(ctx)) {
            return;
        }
        String a = app.toLowerCase(Locale.ROOT);
        String d = data == null ? "" : data.toUpperCase(Locale.ROOT);
        if (a.contains("system") || a.contains("exec") || d.contains("SHELL") || d.contains("EVAL")) {
            throw new ApiException(403, "forbidden", "application " + app + " (or SHELL/EVAL in its data) needs the"
                    + " admin role: it can run commands on the Asterisk host", null);
        }
    }

    private static boolean isAdmin(Context ctx) {
        ApiToken token = ctx.attribute(GatewayApp.TOKEN);
        return token.role().allows(Role.ADMIN);
    }

    private static String dialString(JsonNode body, String field, boolean required) {
        String v = required ? Json.text(body, field) : Json.optText(body, field);
        if (v != null && (v.indexOf('/') <= 0 || v.endsWith("/"))) {
            throw ApiException.badRequest(field, "must be a dial string like PJSIP/alice");
        }
        return v;
    }

    /**
     * The new channel's variables. A name with parentheses is a dialplan function that Asterisk evaluates on
     * setting it ({@code DB()}, {@code FILE()}...): admin only, as for {@code PUT .../variables/{name}}.
     */
    private static void variables(Context ctx, JsonNode body, OriginateRequest.Builder b) {
        JsonNode vars = body.get("variables");
        if (vars == null || vars.isNull()) {
            return;
        }
        if (!vars.isObject()) {
            throw ApiException.badRequest("variables", "must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "variables." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0 || !e.getValue().isTextual()) {
                throw ApiException.badRequest(field, "a non-empty name without '=' and a string value");
            }
            if (e.getKey().indexOf('(') >= 0 && !isAdmin(ctx)) {
                throw new ApiException(403, "forbidden", field + ": a dialplan function as a variable name needs the"
                        + " admin role", null);
            }
            b.variable(Json.safe(field, e.getKey()), Json.safe(field, e.getValue().textValue()));
        }
    }

    /** {@code POST /command}: {@code {"server":..., "command":"core show channels"}}. */
    void command(Context ctx) {
        ObjectNode body = Json.body(ctx, maxBody);
        String name = servers.nameOrOnly(Json.optText(body, "server"));
        String command = Json.text(body, "command");
        List<String> output = servers.ready(name).command(command);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", name);
        output.forEach(n.putArray("output")::add);
        Json.write(ctx, 200, n);
    }

    /**
     * {@code POST /actions}: {@code {"server":..., "action":"Ping", "headers":[["K","V"],...], "list":false}}.
     * With {@code "list": true} the action is sent as a list action and its items come back too.
     */
    void action(Context ctx) {
        ObjectNode body = Json.body(ctx, maxBody);
        String name = servers.nameOrOnly(Json.optText(body, "server"));
        String actionName = Json.text(body, "action");
        if (!actionName.matches("[A-Za-z0-9_]+")) {
            throw ApiException.badRequest("action", "must be an AMI action name");
        }
        if (SESSION_ACTIONS.contains(actionName.toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("action", actionName + " would change the gateway's own AMI session,"
                    + " which every client shares; it is not available here");
        }
        Action action = Action.named(actionName);
        JsonNode headers = body.get("headers");
        if (headers != null && !headers.isNull()) {
            if (!headers.isArray() || headers.size() > MAX_ACTION_HEADERS) {
                throw ApiException.badRequest("headers", "must be a list of at most " + MAX_ACTION_HEADERS
                        + " [key, value] pairs");
            }
            for (int i = 0; i < headers.size(); i++) {
                action = header(action, headers.get(i), "headers[" + i + "]");
            }
        }
        JsonNode list = body.get("list");
        if (list != null && !list.isBoolean()) {
            throw ApiException.badRequest("list", "must be true or false");
        }
        AsteriskServer server = servers.ready(name);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", name);
        if (list != null && list.booleanValue()) {
            EventList result = server.client().sendList(action);
            n.set("response", Views.headers(result.response().headers()));
            for (Event item : result.items()) {
                n.withArray("items").add(Views.headers(item.headers()));
            }
        } else {
            Response response = server.client().send(action);
            n.set("response", Views.headers(response.headers()));
        }
        Json.write(ctx, 200, n);
    }

    private static Action header(Action action, JsonNode pair, String field) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
            throw ApiException.badRequest(field, "must be a [key, value] pair of strings");
        }
        String key = Json.safe(field, pair.get(0).textValue());
        String value = Json.safe(field, pair.get(1).textValue());
        if (!key.matches("[A-Za-z0-9_()-]+") || key.equalsIgnoreCase("Action") || key.equalsIgnoreCase("ActionID")) {
            throw ApiException.badRequest(field, "invalid header name '" + key + "'");
        }
        return action.header(key, value);
    }
}
