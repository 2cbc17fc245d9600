package io.switchboard.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Configuration of a {@link KafkaPublisher}: where Kafka is, the three topics, and how much to hold while Kafka is
 * unreachable. Immutable; made with {@link #builder(String)}, variants with {@link #toBuilder()}.
 *
 * <p>Defaults: topics {@code switchboard.events}, {@code switchboard.cdr}, {@code switchboard.status}; a buffer
 * of 100,000 records or 64 MiB, {@link BufferOverflow#DROP_OLDEST}; at most 10,000 records inside the Kafka
 * producer at once; {@code delivery.timeout.ms} one hour; client id {@code switchboard}; close waits 5 s.
 */
public final class KafkaPublisherConfig {
    private final String bootstrapServers;
    private final String eventsTopic;
    private final String cdrTopic;
    private final String statusTopic;
    private final int bufferRecords;
    private final long bufferBytes;
    private final BufferOverflow overflow;
    private final int maxInFlightRecords;
    private final Duration deliveryTimeout;
    private final Duration closeTimeout;
    private final String clientId;
    private final Map<String, String> producerProperties;
    private final BooleanSupplier gate;

    private KafkaPublisherConfig(Builder b) {
        bootstrapServers = b.bootstrapServers;
        eventsTopic = b.eventsTopic;
        cdrTopic = b.cdrTopic;
        statusTopic = b.statusTopic;
        bufferRecords = b.bufferRecords;
        bufferBytes = b.bufferBytes;
        overflow = b.overflow;
        maxInFlightRecords = b.maxInFlightRecords;
        deliveryTimeout = b.deliveryTimeout;
        closeTimeout = b.closeTimeout;
        clientId = b.clientId;
        producerProperties = Map.copyOf(b.producerProperties);
        gate = b.gate;
    }

    /** A builder for Kafka at {@code bootstrapServers} ({@code host:port[,host:port...]}). */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public String bootstrapServers() { return bootstrapServers; }
    public String eventsTopic() { return eventsTopic; }
    public String cdrTopic() { return cdrTopic; }
    public String statusTopic() { return statusTopic; }
    public int bufferRecords() { return bufferRecords; }
    public long bufferBytes() { return bufferBytes; }
    public BufferOverflow overflow() { return overflow; }
    public int maxInFlightRecords() { return maxInFlightRecords; }
    public Duration deliveryTimeout() { return deliveryTimeout; }
    public Duration closeTimeout() { return closeTimeout; }
    public String clientId() { return clientId; }
    /** A builder holding every setting of this configuration, to derive a variant from it. */
    public Builder toBuilder() {
        Builder b = new Builder(bootstrapServers);
        b.eventsTopic = eventsTopic;
        b.cdrTopic = cdrTopic;
        b.statusTopic = statusTopic;
        b.bufferRecords = bufferRecords;
        b.bufferBytes = bufferBytes;
        b.overflow = overflow;
        b.maxInFlightRecords = maxInFlightRecords;
        b.deliveryTimeout = deliveryTimeout;
        b.closeTimeout = closeTimeout;
        b.clientId = clientId;
        b.producerProperties.putAll(producerProperties);
        b.gate = gate;
        return b;
    }

    /** Extra producer properties, applied before the ones the publisher's guarantees depend on. */
    public Map<String, String> producerProperties() { return producerProperties; }
    /** Publishing happens only while this says true (always true unless set). */
    public BooleanSupplier gate() { return gate; }

    @Override
    public String toString() {
        // producerProperties may hold SASL credentials: only their names are shown.
        return "KafkaPublisherConfig{bootstrap=" + bootstrapServers + ", topics=" + eventsTopic + "," + cdrTopic + ","
                + statusTopic + ", buffer=" + bufferRecords + " records/" + bufferBytes + " bytes " + overflow
                + ", clientId=" + clientId + ", producerProperties=" + producerProperties.keySet() + "}";
    }

    /** Builds a {@link KafkaPublisherConfig}. */
    public static final class Builder {
        private final String bootstrapServers;
        private String eventsTopic = "switchboard.events";
        private String cdrTopic = "switchboard.cdr";
        private String statusTopic = "switchboard.status";
        private int bufferRecords = 100_000;
        private long bufferBytes = 64L << 20;
        private BufferOverflow overflow = BufferOverflow.DROP_OLDEST;
        private int maxInFlightRecords = 10_000;
        private Duration deliveryTimeout = Duration.ofHours(1);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private String clientId = "switchboard";
        private final Map<String, String> producerProperties = new LinkedHashMap<>();
        private BooleanSupplier gate = () -> true;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
        }

        public Builder eventsTopic(String topic) { eventsTopic = requireText(topic, "eventsTopic"); return this; }
        public Builder cdrTopic(String topic) { cdrTopic = requireText(topic, "cdrTopic"); return this; }
        public Builder statusTopic(String topic) { statusTopic = requireText(topic, "statusTopic"); return this; }

        /** The most records held in the publisher's buffer while Kafka is slow or away. */
        public Builder bufferRecords(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("bufferRecords must be >= 1: " + records);
            }
            bufferRecords = records;
            return this;
        }

        /** The most bytes (serialized values and keys) held in the publisher's buffer. */
        public Builder bufferBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bufferBytes must be >= 1: " + bytes);
            }
            bufferBytes = bytes;
            return this;
        }

        public Builder overflow(BufferOverflow policy) { overflow = Objects.requireNonNull(policy, "overflow"); return this; }

        /**
         * The most records inside the Kafka producer (sent, not yet acknowledged). Past it the sender waits and
         * new records stay in the publisher's buffer, where the overflow policy applies.
         */
        public Builder maxInFlightRecords(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("maxInFlightRecords must be >= 1: " + records);
            }
            maxInFlightRecords = records;
            return this;
        }

        /** How long Kafka's producer keeps retrying a record before it counts as failed ({@code delivery.timeout.ms}). */
        public Builder deliveryTimeout(Duration timeout) {
            deliveryTimeout = positive(timeout, "deliveryTimeout");
            return this;
        }

        /** How long {@link KafkaPublisher#close()} waits for buffered records to reach Kafka. */
        public Builder closeTimeout(Duration timeout) {
            closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        public Builder clientId(String id) { clientId = requireText(id, "clientId"); return this; }

        /**
         * An extra Kafka producer property (security, compression, linger...). The properties the publisher's
         * guarantees rest on ({@code enable.idempotence}, {@code acks}, serializers, {@code max.block.ms}) cannot
         * be overridden.
         */
        public Builder producerProperty(String key, String value) {
            producerProperties.put(requireText(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Publish only while {@code gate} says true, e.g. {@code election::isLeader} of a {@link LeaderElection}.
         * While it says false nothing is buffered: records are counted in
         * {@link PublisherStats#skippedNotLeader()} and discarded, because the leader publishes them.
         */
        public Builder gate(BooleanSupplier gate) { this.gate = Objects.requireNonNull(gate, "gate"); return this; }

        public KafkaPublisherConfig build() {
            return new KafkaPublisherConfig(this);
        }

        private static String requireText(String s, String name) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return s;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
