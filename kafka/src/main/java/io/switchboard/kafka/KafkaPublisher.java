package io.switchboard.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.Event;
import io.switchboard.ami.Subscription;
import io.switchboard.kafka.internal.Counters;
import io.switchboard.kafka.internal.Json;
import io.switchboard.kafka.internal.OutRecord;
import io.switchboard.kafka.internal.Outbox;
import io.switchboard.kafka.internal.Sender;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what AMI clients receive to Kafka: every event to the events topic, connection changes to the status
 * topic, and finished-call records ({@link #publishCdr}) to the CDR topic, all as JSON.
 *
 * <p>Keys keep one call's events in one partition, in the order the client received them: an event is keyed
 * {@code server:Linkedid} (else {@code server:Uniqueid}, else {@code server}); a status change {@code server}; a
 * call record {@code server:uniqueid}. The producer is idempotent with {@code acks=all}, so Kafka's own retries
 * neither reorder nor duplicate within a partition. Delivery is at least once overall (see docs/SCALING.md):
 * consumers dedup by {@code server} + {@code seq} (events) or {@code server} + {@code uniqueid} (call records).
 *
 * <p>Nothing here ever blocks the caller or an AMI event thread: records go into a bounded buffer (records and
 * bytes, {@link KafkaPublisherConfig}) that one sender thread hands to the Kafka producer. While Kafka is slow or
 * away the buffer fills; when full the {@link BufferOverflow} policy discards records, counted in
 * {@link PublisherStats#dropped()} and logged. {@link #stats()} shows the lag.
 */
public final class KafkaPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    private final KafkaPublisherConfig config;
    private final Producer<String, byte[]> producer;
    private final Outbox outbox;
    private final Counters counters = new Counters();
    private final Sender sender;
    private final Thread senderThread;
    private volatile boolean closed;

    private KafkaPublisher(KafkaPublisherConfig config, Producer<String, byte[]> producer) {
        this.config = config;
        this.producer = producer;
        this.outbox = new Outbox(config.bufferRecords(), config.bufferBytes(), config.overflow());
        this.sender = new Sender(producer, outbox, config.maxInFlightRecords(), config.gate(), counters);
        this.senderThread = new Thread(sender, "switchboard-kafka-sender-" + config.clientId());
        senderThread.setDaemon(true);
        senderThread.start();
    }

    /**
     * Creates the producer and starts the sender thread. Does not wait for Kafka: an unreachable cluster only
     * means records wait in the buffer.
     *
     * @throws IllegalArgumentException when Kafka's client refuses the configuration (e.g. no resolvable
     *                                  bootstrap address)
     */
    public static KafkaPublisher start(KafkaPublisherConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            return new KafkaPublisher(config, new KafkaProducer<>(producerProperties(config)));
        } catch (KafkaException e) {
            // "Failed to construct kafka producer" says nothing; the innermost cause says what was wrong.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            LOG.error("Kafka publisher not started: {}", root.getMessage());
            throw new IllegalArgumentException("Kafka producer configuration refused: " + root.getMessage(), e);
        }
    }

    static Properties producerProperties(KafkaPublisherConfig c) {
        Properties p = new Properties();
        p.putAll(c.producerProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, c.clientId());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Idempotence + acks=all + at most 5 requests in flight: retries neither duplicate nor reorder.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        long delivery = Math.min(Integer.MAX_VALUE, c.deliveryTimeout().toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, delivery / 2)));
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Only the sender thread calls send(); a short block lets it notice close() promptly.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        p.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return p;
    }

    /**
     * Publishes every event and connection change of {@code client} under the name {@code server}, from now on.
     * Close the returned handle to stop (closing the publisher does not close the client).
     */
    public AutoCloseable attach(String server, AmiClient client) {
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("server must not be blank");
        }
        Objects.requireNonNull(client, "client");
        ConnectionListener status = change -> offer(new OutRecord(config.statusTopic(), server,
                Json.status(server, change)));
        client.addConnectionListener(status);
        Subscription events = client.onAny(e -> publishEvent(server, e));
        return () -> {
            events.close();
            client.removeConnectionListener(status);
        };
    }

    /**
     * Publishes one connection change of {@code server} to the status topic; what {@link #attach} does per change.
     * For a client attached after it connected, this reports the connection {@link #attach} did not see.
     */
    public boolean publishStatus(String server, ConnectionEvent change) {
        Objects.requireNonNull(change, "change");
        return offer(new OutRecord(config.statusTopic(), server, Json.status(server, change)));
    }

    /** Publishes one event as if {@code server}'s client had received it; what {@link #attach} does per event. */
    public boolean publishEvent(String server, Event e) {
        return offer(new OutRecord(config.eventsTopic(), eventKey(server, e), Json.event(server, e, Instant.now())));
    }

    /**
     * Publishes a finished call's record (any JSON-able map: strings, numbers, booleans, nested maps and lists)
     * to the CDR topic, keyed {@code server:uniqueid}; {@code server} and {@code uniqueid} are added to it.
     *
     * <p>Call records are never discarded to make room for events: while the buffer is full, events are discarded
     * first, and a call record only when the buffer holds nothing else.
     *
     * @return true if it was buffered, false if the publisher is closed, not the leader, or the policy
     *         discarded it
     * @throws IllegalArgumentException if the record cannot be written as JSON
     */
    public boolean publishCdr(String server, String uniqueid, Map<String, ?> record) {
        requireCdrKey(server, uniqueid);
        return offer(new OutRecord(config.cdrTopic(), cdrKey(server, uniqueid, 1), Json.cdr(server, uniqueid, record),
                true));
    }

    /**
     * Publishes leg {@code leg} of a channel's call records (a channel has several after a transfer or ForkCDR, all
     * with its uniqueid): like {@link #publishCdr(String, String, Map)}, with {@code leg} added to the record, and
     * keyed {@code server:uniqueid} for leg 1 (so a channel with one record keeps the key it always had) and
     * {@code server:uniqueid#leg} for later legs, so consumers that dedup or compact by key keep every leg.
     *
     * @throws IllegalArgumentException if {@code leg < 1} or the record cannot be written as JSON
     */
    public boolean publishCdr(String server, String uniqueid, int leg, Map<String, ?> record) {
        requireCdrKey(server, uniqueid);
        if (leg < 1) {
            throw new IllegalArgumentException("a call record's leg is 1 or more, not " + leg);
        }
        Map<String, Object> withLeg = new java.util.LinkedHashMap<>(record);
        withLeg.put("leg", leg);
        return offer(new OutRecord(config.cdrTopic(), cdrKey(server, uniqueid, leg),
                Json.cdr(server, uniqueid, withLeg), true));
    }

    /** {@link #publishCdr(String, String, Map)} for a record that already is a JSON object. */
    public boolean publishCdr(String server, String uniqueid, JsonNode record) {
        requireCdrKey(server, uniqueid);
        Objects.requireNonNull(record, "record");
        return offer(new OutRecord(config.cdrTopic(), cdrKey(server, uniqueid, 1), Json.cdr(server, uniqueid, record),
                true));
    }

    /** {@code server:uniqueid} for a channel's first (or only) record, {@code server:uniqueid#leg} after it. */
    private static String cdrKey(String server, String uniqueid, int leg) {
        return server + ":" + uniqueid + (leg == 1 ? "" : "#" + leg);
    }

    private static void requireCdrKey(String server, String uniqueid) {
        if (server == null || server.isBlank() || uniqueid == null || uniqueid.isBlank()) {
            throw new IllegalArgumentException("a call record needs a server and a uniqueid");
        }
    }

    static String eventKey(String server, Event e) {
        String id = e.get("Linkedid");
        if (id == null || id.isEmpty()) {
            id = e.get("Uniqueid");
        }
        return id == null || id.isEmpty() ? server : server + ":" + id;
    }

    private boolean offer(OutRecord r) {
        if (closed) {
            counters.drop(1, "publisher closed");
            return false;
        }
        if (!config.gate().getAsBoolean()) {
            counters.skipped.incrementAndGet();
            return false;
        }
        counters.accepted.incrementAndGet();
        Outbox.Offered o = outbox.offer(r);
        counters.drop(o.dropped(), o.accepted() ? "buffer full, policy " + config.overflow()
                : (r.callRecord() ? "call record " : "") + "refused: buffer full, policy " + config.overflow());
        return o.accepted();
    }

    /** The counters now. */
    public PublisherStats stats() {
        return new PublisherStats(counters.accepted.get(), counters.published.get(), outbox.size(),
                counters.inFlight.get(), counters.dropped.get(), counters.failed.get(), counters.skipped.get(),
                counters.lastError(), counters.lastErrorAt());
    }

    /** The configuration this publisher runs with. */
    public KafkaPublisherConfig config() {
        return config;
    }

    /**
     * Stops accepting, gives buffered records up to {@link KafkaPublisherConfig#closeTimeout()} to reach Kafka,
     * then closes the producer. Records still buffered then are counted as dropped and logged. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        sender.stop(deadline);
        try {
            senderThread.join(Math.max(1, config.closeTimeout().toMillis() + 2000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = Math.max(0, deadline - System.nanoTime());
        producer.close(Duration.ofNanos(left));
        counters.drop(outbox.clear(), "still buffered at close");
        PublisherStats s = stats();
        LOG.info("Kafka publisher closed: {} published, {} dropped, {} failed", s.published(), s.dropped(),
                s.failed());
    }
}
