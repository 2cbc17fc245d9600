package io.switchboard.gateway;

import io.switchboard.kafka.BufferOverflow;
import io.switchboard.kafka.KafkaPublisherConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's optional Kafka publishing ({@code kafka:} in {@code switchboard.yml}): where Kafka is, the
 * topics, the publisher's buffer, extra producer properties, and optionally leader election so that only one
 * gateway of a pair publishes. Immutable; built with {@link #builder(String)}.
 *
 * <p>Secret producer properties (a SASL password, a key store password) are never inline: each names an
 * environment variable or a file ({@link Builder#secretProperty}), read when the gateway starts. A plain
 * property whose name looks secret ({@code password}, {@code jaas}, {@code secret}) is refused. Values are never
 * part of {@link #toString()}.
 */
public final class KafkaConfig {
    /** Where a secret property's value comes from: exactly one of an environment variable or a file. */
    public record SecretRef(String env, Path file) {
        public SecretRef {
            if ((env == null) == (file == null)) {
                throw new IllegalArgumentException("a secret needs exactly one of env or file");
            }
        }

        /** Reads the value now (trailing newline of a file stripped); {@code what} names it in errors. */
        public String resolve(String what) {
            if (env != null) {
                String v = System.getenv(env);
                if (v == null || v.isEmpty()) {
                    throw new IllegalStateException(what + ": environment variable "
                            + env + " is not set");
                }
                return v;
            }
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(what + ": cannot read " + file, e);
            }
        }
    }

    /**
     * Leader election among gateways sharing a PostgreSQL database: only the holder of advisory lock
     * {@code lockKey} publishes. {@code jdbcUrl} empty means the recorder's database (and its credentials);
     * otherwise {@code user} and {@code password} (nullable) log in, the password never in the URL.
     */
    public record LeaderElectionConfig(Optional<String> jdbcUrl, String user, SecretRef password, long lockKey) {
        public LeaderElectionConfig {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (jdbcUrl.isPresent() && jdbcUrl.get().toLowerCase(Locale.ROOT).contains("password=")) {
                throw new IllegalArgumentException("kafka.leaderElection.jdbcUrl: must not carry a password; use"
                        + " kafka.leaderElection.passwordEnv or passwordFile");
            }
            if (jdbcUrl.isEmpty() && (user != null || password != null)) {
                throw new IllegalArgumentException("kafka.leaderElection: user and password go with jdbcUrl (without"
                        + " it the recorder's database and credentials are used)");
            }
        }

        @Override
        public String toString() { // the URL may carry a password
            return "LeaderElectionConfig{lockKey=" + lockKey + "}";
        }
    }

    /** Topics, buffer and plain producer properties; the library's defaults where the YAML says nothing. */
    private final KafkaPublisherConfig publisher;
    private final String clientId;
    private final Map<String, SecretRef> secretProperties;
    private final LeaderElectionConfig leaderElection;

    private KafkaConfig(Builder b, KafkaPublisherConfig publisher) {
        this.publisher = publisher;
        clientId = b.clientId;
        secretProperties = Map.copyOf(b.secretProperties);
        leaderElection = b.leaderElection;
    }

    /** A builder for Kafka at {@code bootstrapServers} ({@code host:port[,host:port...]}), with the defaults. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /**
     * The publisher's settings as configured (topics, buffer, plain producer properties). The gateway derives
     * the configuration it starts the publisher with from this ({@link KafkaPublisherConfig#toBuilder()}),
     * adding the client id, the secret properties read at start, and the leader election's gate.
     */
    public KafkaPublisherConfig publisher() { return publisher; }
    public String bootstrapServers() { return publisher.bootstrapServers(); }
    /** The producer's client id; empty means the gateway's name. */
    public Optional<String> clientId() { return Optional.ofNullable(clientId); }
    public String eventsTopic() { return publisher.eventsTopic(); }
    public String cdrTopic() { return publisher.cdrTopic(); }
    public String statusTopic() { return publisher.statusTopic(); }
    public int bufferRecords() { return publisher.bufferRecords(); }
    public long bufferBytes() { return publisher.bufferBytes(); }
    public BufferOverflow overflow() { return publisher.overflow(); }
    /** Plain extra producer properties. */
    public Map<String, String> producerProperties() { return publisher.producerProperties(); }
    /** Producer properties whose values are read from the environment or a file at start. */
    public Map<String, SecretRef> secretProperties() { return secretProperties; }
    /** Leader election, if configured. */
    public Optional<LeaderElectionConfig> leaderElection() { return Optional.ofNullable(leaderElection); }

    @Override
    public String toString() {
        return "KafkaConfig{bootstrap=" + bootstrapServers() + ", topics=" + eventsTopic() + "/" + cdrTopic() + "/"
                + statusTopic() + ", buffer=" + bufferRecords() + " records/" + bufferBytes() + " bytes "
                + overflow() + ", properties=" + producerProperties().keySet() + ", secretProperties="
                + secretProperties.keySet() + ", leaderElection=" + leaderElection + "}";
    }

    /** Builds a {@link KafkaConfig}. */
    public static final class Builder {
        /** Validation here names the YAML keys; the values and the defaults live in the library's builder. */
        private final KafkaPublisherConfig.Builder publisher;
        private String clientId;
        private final Map<String, SecretRef> secretProperties = new LinkedHashMap<>();
        private LeaderElectionConfig leaderElection;

        private Builder(String bootstrapServers) {
            publisher = KafkaPublisherConfig.builder(text(bootstrapServers, "kafka.bootstrapServers"));
        }

        public Builder clientId(String id) { clientId = text(id, "kafka.clientId"); return this; }
        public Builder eventsTopic(String t) { publisher.eventsTopic(text(t, "kafka.topics.events")); return this; }
        public Builder cdrTopic(String t) { publisher.cdrTopic(text(t, "kafka.topics.cdr")); return this; }
        public Builder statusTopic(String t) { publisher.statusTopic(text(t, "kafka.topics.status")); return this; }

        /** The publisher's buffer while Kafka is away: records, bytes, and what to drop when full. */
        public Builder buffer(int records, long bytes, BufferOverflow policy) {
            if (records < 1 || bytes < 1024) {
                throw new IllegalArgumentException("kafka.buffer: records must be >= 1 and bytes >= 1024");
            }
            publisher.bufferRecords(records).bufferBytes(bytes).overflow(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** A plain producer property (compression, linger, security.protocol...); secrets are refused here. */
        public Builder producerProperty(String key, String value) {
            text(key, "kafka.producer key");
            String k = key.toLowerCase(Locale.ROOT);
            if (k.contains("password") || k.contains("jaas") || k.contains("secret")) {
                throw new IllegalArgumentException("kafka.producer." + key + ": looks like a secret; put it under"
                        + " kafka.secretProperties with env or file");
            }
            publisher.producerProperty(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A producer property whose value is read from an environment variable or a file at start. */
        public Builder secretProperty(String key, SecretRef ref) {
            secretProperties.put(text(key, "kafka.secretProperties key"), Objects.requireNonNull(ref, "ref"));
            return this;
        }

        /** Publish only while holding PostgreSQL advisory lock {@code lockKey} (see docs/SCALING.md). */
        public Builder leaderElection(String jdbcUrlOrNull, long lockKey) {
            return leaderElection(new LeaderElectionConfig(Optional.ofNullable(jdbcUrlOrNull), null, null, lockKey));
        }

        /** Leader election with its own database and credentials. */
        public Builder leaderElection(LeaderElectionConfig config) {
            leaderElection = Objects.requireNonNull(config, "config");
            return this;
        }

        public KafkaConfig build() {
            KafkaPublisherConfig built = publisher.build();
            for (String k : built.producerProperties().keySet()) {
                if (secretProperties.containsKey(k)) {
                    throw new IllegalArgumentException("kafka: property " + k + " is both plain and secret");
                }
            }
            return new KafkaConfig(this, built);
        }

        private static String text(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + ": a value is required");
            }
            return s;
        }
    }
}
