package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.AuthFailureLimit;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.RateLimit;
import io.switchboard.gateway.RecorderConfig;
import io.switchboard.gateway.Role;
import io.switchboard.gateway.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads {@code switchboard.yml} as a tree and maps it by hand, so every error names the offending key and
 * unknown keys (typos, an inline {@code secret}) are refused instead of silently ignored.
 */
public final class YamlConfigReader {
    private static final Set<String> TOP = Set.of("bind", "port", "maxBodyBytes", "eventBuffer",
            "eventHeartbeatSeconds", "maxEventClients", "servers", "tokens", "originateRate", "authFailureRate", "metrics", "recorder", "kafka");
    private static final Set<String> SERVER = Set.of("name", "host", "port", "username", "secretEnv", "secretFile",
            "tls", "trustStore", "trustStorePasswordEnv", "hostnameVerification", "connectTimeoutSeconds");
    private static final Set<String> TOKEN = Set.of("name", "sha256", "role", "originateRate", "expires");
    private static final Set<String> RATE = Set.of("perMinute", "burst");
    private static final Set<String> AUTH_FAILURES = Set.of("perMinute", "burst", "trackedAddresses");
    private static final Set<String> METRICS = Set.of("public");
    private static final Set<String> RECORDER = Set.of("url", "spoolDir", "user", "passwordEnv", "passwordFile");

    private YamlConfigReader() {
    }

    /** Reads and validates; {@link IllegalArgumentException} names the bad key. */
    public static GatewayConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping at the top level");
        }
        checkKeys(root, TOP, "");
        GatewayConfig.Builder b = GatewayConfig.builder();
        if (root.has("bind")) {
            b.bindAddress(text(root, "bind", ""));
        }
        if (root.has("port")) {
            b.port(integer(root, "port", ""));
        }
        if (root.has("maxBodyBytes")) {
            b.maxBodyBytes(integer(root, "maxBodyBytes", ""));
        }
        if (root.has("eventBuffer")) {
            b.eventBuffer(integer(root, "eventBuffer", ""));
        }
        if (root.has("eventHeartbeatSeconds")) {
            b.eventHeartbeat(seconds(root, "eventHeartbeatSeconds", "", GatewayConfig.MIN_EVENT_HEARTBEAT,
                    GatewayConfig.MAX_EVENT_HEARTBEAT));
        }
        if (root.has("maxEventClients")) {
            b.maxEventClients(integer(root, "maxEventClients", ""));
        }
        if (root.has("originateRate")) {
            b.originateRate(rate(root.get("originateRate"), "originateRate"));
        }
        if (root.has("authFailureRate")) {
            b.authFailureRate(authFailures(root.get("authFailureRate")));
        }
        if (root.has("metrics")) {
            JsonNode m = root.get("metrics");
            checkKeys(m, METRICS, "metrics.");
            b.metricsPublic(m.has("public") && bool(m, "public", "metrics."));
        }
        if (root.has("recorder")) {
            JsonNode r = root.get("recorder");
            checkKeys(r, RECORDER, "recorder.");
            b.recorder(new RecorderConfig(text(r, "url", "recorder."), optPath(r, "spoolDir", "recorder."),
                    r.has("user") ? text(r, "user", "recorder.") : null,
                    r.has("passwordEnv") ? text(r, "passwordEnv", "recorder.") : null,
                    optPath(r, "passwordFile", "recorder.")));
        }
        if (root.has("kafka")) {
            b.kafka(KafkaConfigReader.read(root.get("kafka")));
        }
        int i = 0;
        for (JsonNode s : array(root, "servers")) {
            b.server(server(s, "servers[" + i++ + "]."));
        }
        i = 0;
        for (JsonNode t : array(root, "tokens")) {
            String where = "tokens[" + i++ + "].";
            checkKeys(t, TOKEN, where);
            b.token(new ApiToken(text(t, "name", where), text(t, "sha256", where), Role.parse(text(t, "role", where)),
                    t.has("originateRate") ? rate(t.get("originateRate"), where + "originateRate") : null,
                    t.has("expires") ? instant(t, "expires", where) : null));
        }
        return b.build();
    }

    private static ServerConfig server(JsonNode s, String where) {
        checkKeys(s, SERVER, where);
        String secretFile = s.has("secretFile") ? text(s, "secretFile", where) : null;
        boolean tls = s.has("tls") && bool(s, "tls", where);
        return new ServerConfig(text(s, "name", where), text(s, "host", where),
                s.has("port") ? integer(s, "port", where) : tls ? 5039 : 5038, text(s, "username", where),
                s.has("secretEnv") ? text(s, "secretEnv", where) : null,
                secretFile == null ? null : Path.of(secretFile), tls,
                s.has("trustStore") ? Path.of(text(s, "trustStore", where)) : null,
                s.has("trustStorePasswordEnv") ? text(s, "trustStorePasswordEnv", where) : null,
                !s.has("hostnameVerification") || bool(s, "hostnameVerification", where),
                s.has("connectTimeoutSeconds") ? seconds(s, "connectTimeoutSeconds", where,
                        ServerConfig.MIN_CONNECT_TIMEOUT, ServerConfig.MAX_CONNECT_TIMEOUT) : null);
    }

    private static RateLimit rate(JsonNode n, String where) {
        checkKeys(n, RATE, where + ".");
        try {
            return new RateLimit(integer(n, "perMinute", where + "."),
                    n.has("burst") ? integer(n, "burst", where + ".") : RateLimit.DEFAULT.burst());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** {@code authFailureRate:}; each key optional, the default's value when absent. */
    private static AuthFailureLimit authFailures(JsonNode n) {
        String where = "authFailureRate.";
        checkKeys(n, AUTH_FAILURES, where);
        AuthFailureLimit d = AuthFailureLimit.DEFAULT;
        // The record's messages already name the YAML keys (authFailureRate.burst ...).
        return new AuthFailureLimit(n.has("perMinute") ? integer(n, "perMinute", where) : d.perMinute(),
                n.has("burst") ? integer(n, "burst", where) : d.burst(),
                n.has("trackedAddresses") ? integer(n, "trackedAddresses", where) : d.trackedAddresses());
    }

    /** An ISO-8601 instant: {@code 2027-01-31T00:00:00Z}, or with an offset ({@code +01:00}). */
    private static Instant instant(JsonNode node, String key, String where) {
        String s = text(node, key, where);
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + key + ": an ISO-8601 date and time with a zone is required,"
                    + " like 2027-01-31T00:00:00Z, not '" + s + "'", e);
        }
    }

    static boolean bool(JsonNode node, String key, String where) {
        JsonNode n = node.get(key);
        if (n == null || !n.isBoolean()) {
            throw new IllegalArgumentException(where + key + ": true or false is required");
        }
        return n.booleanValue();
    }

    static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equals("secret") || key.equals("password")) {
                throw new IllegalArgumentException(where + key + ": inline secrets are not allowed; use " + key
                        + "Env or " + key + "File");
            }
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + key + ": unknown key (allowed: " + allowed + ")");
            }
        }
    }

    private static Iterable<JsonNode> array(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return java.util.List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(key + ": expected a list");
        }
        return n;
    }

    static String text(JsonNode node, String key, String where) {
        JsonNode n = node.get(key);
        if (n == null || !n.isValueNode() || n.isNull()) {
            throw new IllegalArgumentException(where + key + ": a value is required");
        }
        return n.asText();
    }

    /**
     * A number of seconds (fractions allowed: {@code 0.5}) within {@code [min, max]}; checked here rather than
     * by the builder so that the error names the file's key and unit.
     */
    static Duration seconds(JsonNode node, String key, String where, Duration min, Duration max) {
        JsonNode n = node.get(key);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(where + key + ": a number of seconds is required");
        }
        BigDecimal millis = n.decimalValue().movePointRight(3);
        if (millis.compareTo(BigDecimal.valueOf(min.toMillis())) < 0
                || millis.compareTo(BigDecimal.valueOf(max.toMillis())) > 0) {
            throw new IllegalArgumentException(where + key + ": must be between " + secondsText(min) + " and "
                    + secondsText(max) + " seconds, not " + n.decimalValue().stripTrailingZeros().toPlainString());
        }
        return Duration.ofMillis(millis.longValue());
    }

    private static String secondsText(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static Path optPath(JsonNode node, String key, String where) {
        return node.has(key) ? Path.of(text(node, key, where)) : null;
    }

    static int integer(JsonNode node, String key, String where) {
        JsonNode n = node.get(key);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(where + key + ": an integer is required");
        }
        return n.intValue();
    }
}
