package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.gateway.KafkaConfig;
import io.switchboard.kafka.BufferOverflow;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.switchboard.gateway.internal.YamlConfigReader.checkKeys;
import static io.switchboard.gateway.internal.YamlConfigReader.text;

/** Maps the {@code kafka:} section of {@code switchboard.yml}; every error names the key (see the example file). */
final class KafkaConfigReader {
    private static final Set<String> KAFKA = Set.of("bootstrapServers", "clientId", "topics", "buffer", "producer",
            "secretProperties", "leaderElection");
    private static final Set<String> TOPICS = Set.of("events", "cdr", "status");
    private static final Set<String> BUFFER = Set.of("records", "bytes", "overflow");
    private static final Set<String> SECRET = Set.of("env", "file");
    private static final Set<String> LEADER = Set.of("jdbcUrl", "user", "passwordEnv", "passwordFile", "lockKey");

    private KafkaConfigReader() {
    }

    static KafkaConfig read(JsonNode k) {
        checkKeys(k, KAFKA, "kafka.");
        KafkaConfig.Builder b = KafkaConfig.builder(text(k, "bootstrapServers", "kafka."));
        if (k.has("clientId")) {
            b.clientId(text(k, "clientId", "kafka."));
        }
        if (k.has("topics")) {
            JsonNode t = k.get("topics");
            checkKeys(t, TOPICS, "kafka.topics.");
            if (t.has("events")) {
                b.eventsTopic(text(t, "events", "kafka.topics."));
            }
            if (t.has("cdr")) {
                b.cdrTopic(text(t, "cdr", "kafka.topics."));
            }
            if (t.has("status")) {
                b.statusTopic(text(t, "status", "kafka.topics."));
            }
        }
        if (k.has("buffer")) {
            JsonNode buf = k.get("buffer");
            checkKeys(buf, BUFFER, "kafka.buffer.");
            KafkaConfig defaults = KafkaConfig.builder("x:1").build();
            int records = buf.has("records") ? YamlConfigReader.integer(buf, "records", "kafka.buffer.")
                    : defaults.bufferRecords();
            long bytes = buf.has("bytes") ? longValue(buf, "bytes", "kafka.buffer.") : defaults.bufferBytes();
            BufferOverflow policy = buf.has("overflow") ? overflow(text(buf, "overflow", "kafka.buffer."))
                    : defaults.overflow();
            b.buffer(records, bytes, policy);
        }
        if (k.has("producer")) {
            JsonNode p = k.get("producer");
            if (!p.isObject()) {
                throw new IllegalArgumentException("kafka.producer: expected a mapping of producer properties");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.producerProperty(e.getKey(), text(p, e.getKey(), "kafka.producer."));
            }
        }
        if (k.has("secretProperties")) {
            JsonNode p = k.get("secretProperties");
            if (!p.isObject()) {
                throw new IllegalArgumentException("kafka.secretProperties: expected a mapping");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "kafka.secretProperties." + e.getKey() + ".";
                checkKeys(e.getValue(), SECRET, where);
                JsonNode v = e.getValue();
                try {
                    b.secretProperty(e.getKey(), new KafkaConfig.SecretRef(
                            v.has("env") ? text(v, "env", where) : null,
                            v.has("file") ? Path.of(text(v, "file", where)) : null));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(where + " " + ex.getMessage(), ex);
                }
            }
        }
        if (k.has("leaderElection")) {
            JsonNode l = k.get("leaderElection");
            checkKeys(l, LEADER, "kafka.leaderElection.");
            String where = "kafka.leaderElection.";
            KafkaConfig.SecretRef password = null;
            if (l.has("passwordEnv") || l.has("passwordFile")) {
                try {
                    password = new KafkaConfig.SecretRef(l.has("passwordEnv") ? text(l, "passwordEnv", where) : null,
                            l.has("passwordFile") ? Path.of(text(l, "passwordFile", where)) : null);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(where + "passwordEnv/passwordFile: " + ex.getMessage(), ex);
                }
            }
            b.leaderElection(new KafkaConfig.LeaderElectionConfig(
                    java.util.Optional.ofNullable(l.has("jdbcUrl") ? text(l, "jdbcUrl", where) : null),
                    l.has("user") ? text(l, "user", where) : null, password, longValue(l, "lockKey", where)));
        }
        return b.build();
    }

    private static BufferOverflow overflow(String s) {
        // dropOldest, drop-oldest and DROP_OLDEST all mean the same
        String norm = s.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
        try {
            return BufferOverflow.valueOf(norm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kafka.buffer.overflow: '" + s + "' is not one of dropOldest,"
                    + " dropNewest", e);
        }
    }

    private static long longValue(JsonNode node, String key, String where) {
        JsonNode n = node.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(where + key + ": an integer is required");
        }
        return n.longValue();
    }
}
