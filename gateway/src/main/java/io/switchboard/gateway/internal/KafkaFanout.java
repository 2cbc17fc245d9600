package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.ami.AmiClient;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.gateway.KafkaConfig;
import io.switchboard.gateway.RecorderConfig;
import io.switchboard.kafka.KafkaPublisher;
import io.switchboard.kafka.KafkaPublisherConfig;
import io.switchboard.kafka.LeaderElection;
import io.switchboard.kafka.LeadershipListener;
import io.switchboard.kafka.PublisherStats;
import io.switchboard.recorder.CdrListener;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's Kafka side ({@code kafka:} in {@code switchboard.yml}): one {@link KafkaPublisher} fed by every
 * server's AMI client (attached once per server, when it first connects) and by the recorder's committed call
 * records; optionally gated by a {@link LeaderElection} so only one gateway of a pair publishes. Its counters go
 * to {@code /metrics} ({@code switchboard_kafka_*}) and {@code /health} ({@code "kafka"}).
 *
 * <p>Call records at a handover: a follower's recorder commits the same calls as the leader's, but must not
 * publish them. It keeps the ones it committed in the last {@link #HANDOVER_WINDOW} (bounded) and publishes them
 * when it becomes leader, so a record the dead leader never got out still reaches Kafka (consumers dedup by
 * key: {@code server:uniqueid}, plus {@code #leg} for a channel's later Cdrs after a transfer, leg 2 on; the
 * record's {@code uniqueid} is always Asterisk's and {@code leg} says which of the channel's Cdrs it is).
 */
public final class KafkaFanout implements AutoCloseable, CdrListener, LeadershipListener {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFanout.class);
    /** How far back a new leader republishes the call records it committed as a follower. */
    static final Duration HANDOVER_WINDOW = Duration.ofMinutes(2);
    private static final int MAX_HELD = 50_000;

    private final KafkaPublisher publisher;
    private final LeaderElection election;
    private final Map<String, AutoCloseable> attached = new ConcurrentHashMap<>();
    private final List<AutoCloseable> recorderHooks = new ArrayList<>();
    private final Deque<Held> heldWhileFollower = new ArrayDeque<>();
    private volatile boolean closed;

    private record Held(long atNanos, CdrRecord record) {
    }

    private KafkaFanout(KafkaPublisher publisher, LeaderElection election) {
        this.publisher = publisher;
        this.election = election;
    }

    /**
     * Starts publishing as configured, or returns null when {@code config} has no {@code kafka:} section.
     *
     * @param name this gateway's name for the producer's client id and the election's logs
     */
    public static KafkaFanout start(GatewayConfig config, String name) {
        if (config.kafka().isEmpty()) {
            return null;
        }
        KafkaConfig k = config.kafka().get();
        String clientId = k.clientId().orElse(name);
        KafkaPublisherConfig.Builder b = k.publisher().toBuilder().clientId(clientId);
        k.secretProperties().forEach((key, ref) -> b.producerProperty(key, ref.resolve("kafka.secretProperties." + key)));
        LeaderElection election = null;
        KafkaFanout[] self = new KafkaFanout[1];
        if (k.leaderElection().isPresent()) {
            election = LeaderElection.builder(connections(config, k.leaderElection().get())).name(clientId)
                    .lockKey(k.leaderElection().get().lockKey())
                    .listener(new LeadershipListener() { // registered before the first attempt: no gain is missed
                        @Override
                        public void leadershipGained() {
                            if (self[0] != null) {
                                self[0].leadershipGained();
                            }
                        }

                        @Override
                        public void leadershipLost() {
                            LOG.info("Kafka publishing paused: {} is no longer the leader", clientId);
                        }
                    }).start();
            b.gate(election::isLeader);
        }
        KafkaPublisher publisher;
        try {
            publisher = KafkaPublisher.start(b.build());
        } catch (RuntimeException e) {
            if (election != null) {
                election.close();
            }
            throw e;
        }
        self[0] = new KafkaFanout(publisher, election);
        if (election != null && election.isLeader()) {
            self[0].leadershipGained(); // won before self[0] was set
        }
        LOG.info("Kafka publishing to {} ({}){}", k.bootstrapServers(), k,
                election == null ? "" : ", leader election on lock " + k.leaderElection().get().lockKey());
        return self[0];
    }

    /** The election's database: its own URL and credentials, or the recorder's. */
    private static LeaderElection.ConnectionFactory connections(GatewayConfig config,
                                                                KafkaConfig.LeaderElectionConfig le) {
        String url = config.leaderElectionJdbcUrl().orElseThrow();
        String user;
        java.util.function.Supplier<String> password;
        if (le.jdbcUrl().isPresent()) {
            user = le.user();
            password = () -> le.password() == null ? null : le.password().resolve("kafka.leaderElection.password");
        } else {
            RecorderConfig rc = config.recorder().orElseThrow();
            user = rc.user();
            password = rc::resolvePassword;
        }
        return () -> {
            java.util.Properties p = new java.util.Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            String pw = password.get(); // read per connection: a rotated secret is picked up
            if (pw != null) {
                p.setProperty("password", pw);
            }
            return DriverManager.getConnection(url, p);
        };
    }

    /** A server connected for the first time: publish its events and connection changes. Once per server. */
    public void serverConnected(String server, AmiClient client) {
        if (closed) {
            return;
        }
        attached.computeIfAbsent(server, s -> {
            // The client connected before we attach, so attach() cannot see that CONNECTED: report it first
            // (before attaching, so a later change can never precede it on the topic).
            if (client.state() == io.switchboard.ami.ConnectionState.READY) {
                publisher.publishStatus(s, new io.switchboard.ami.ConnectionEvent(
                        io.switchboard.ami.ConnectionEvent.Type.CONNECTED, java.time.Instant.now(), null, null, 0));
            }
            return publisher.attach(s, client);
        });
    }

    /** Publish the call records {@code recorder} commits, from now on. */
    public synchronized void publishRecordsOf(CdrRecorder recorder) {
        recorderHooks.add(recorder.addCommitListener(this));
    }

    /** Whether this gateway publishes now (always true without leader election). */
    public boolean isLeader() {
        return election == null || election.isLeader();
    }

    /** The publisher's counters. */
    public PublisherStats stats() {
        return publisher.stats();
    }

    @Override
    public void committed(CdrRecord record, boolean inserted) {
        // Inserted or duplicate alike: in a pair the follower may have inserted the row first.
        synchronized (heldWhileFollower) {
            if (!isLeader()) {
                hold(record);
                return;
            }
        }
        publish(record);
    }

    private void hold(CdrRecord record) {
        long now = System.nanoTime();
        heldWhileFollower.addLast(new Held(now, record));
        while (heldWhileFollower.size() > MAX_HELD
                || now - heldWhileFollower.peekFirst().atNanos() > HANDOVER_WINDOW.toNanos()) {
            heldWhileFollower.pollFirst();
        }
    }

    @Override
    public void leadershipGained() {
        List<CdrRecord> republish = new ArrayList<>();
        synchronized (heldWhileFollower) {
            long now = System.nanoTime();
            for (Held h : heldWhileFollower) {
                if (now - h.atNanos() <= HANDOVER_WINDOW.toNanos()) {
                    republish.add(h.record());
                }
            }
            heldWhileFollower.clear();
        }
        LOG.info("Kafka publishing: this gateway is the leader now; republishing {} call record(s) committed in the"
                + " last {} s as follower", republish.size(), HANDOVER_WINDOW.toSeconds());
        republish.forEach(this::publish);
    }

    @Override
    public void leadershipLost() {
        // nothing to do: the gate stops publishing
    }

    private void publish(CdrRecord r) {
        try {
            publisher.publishCdr(r.server(), r.uniqueid(), r.leg(), cdrJson(r));
        } catch (RuntimeException e) {
            LOG.warn("call record {}:{} (leg {}) not published: {}", r.server(), r.uniqueid(), r.leg(), e.toString());
        }
    }

    static Map<String, Object> cdrJson(CdrRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("linkedid", r.linkedid());
        m.put("source", r.source());
        m.put("destination", r.destination());
        m.put("callerId", r.callerId());
        m.put("context", r.context());
        m.put("channel", r.channel());
        m.put("destinationChannel", r.destinationChannel());
        m.put("start", r.start().toString());
        m.put("answer", r.answer() == null ? null : r.answer().toString());
        m.put("end", r.end().toString());
        m.put("duration", r.duration());
        m.put("billableSeconds", r.billableSeconds());
        m.put("disposition", r.disposition());
        m.put("hangupCause", r.hangupCause());
        m.put("accountCode", r.accountCode());
        m.put("userField", r.userField());
        m.put("recordingFile", r.recordingFile());
        m.put("origin", r.origin().name());
        return m;
    }

    /** Registers {@code switchboard_kafka_*} meters. */
    public void bindTo(MeterRegistry registry) {
        counter(registry, "switchboard.kafka.published", "records Kafka acknowledged", s -> s.published());
        counter(registry, "switchboard.kafka.dropped", "records discarded by the overflow policy or at close",
                s -> s.dropped());
        counter(registry, "switchboard.kafka.failed", "records Kafka refused or that timed out", s -> s.failed());
        counter(registry, "switchboard.kafka.skipped.not.leader", "records not published while not the leader",
                s -> s.skippedNotLeader());
        gauge(registry, "switchboard.kafka.buffered", "records waiting in the gateway's buffer", s -> s.buffered());
        gauge(registry, "switchboard.kafka.lag", "records buffered or in flight, not yet acknowledged",
                s -> s.lag());
        Gauge.builder("switchboard.kafka.leader", this, f -> f.isLeader() ? 1 : 0)
                .description("1 while this gateway publishes (leader, or no leader election), else 0")
                .register(registry);
    }

    private void counter(MeterRegistry r, String name, String help, ToDoubleFunction<PublisherStats> f) {
        FunctionCounter.builder(name, this, x -> f.applyAsDouble(x.stats())).description(help).register(r);
    }

    private void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<PublisherStats> f) {
        Gauge.builder(name, this, x -> f.applyAsDouble(x.stats())).description(help).register(r);
    }

    /** The {@code "kafka"} object of {@code /health}. */
    public ObjectNode health() {
        PublisherStats s = stats();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("leader", isLeader());
        n.put("published", s.published());
        n.put("buffered", s.buffered());
        n.put("lag", s.lag());
        n.put("dropped", s.dropped());
        n.put("failed", s.failed());
        n.put("skippedNotLeader", s.skippedNotLeader());
        if (s.lastError() != null) {
            n.put("lastError", s.lastError());
            n.put("lastErrorAt", s.lastErrorAt().toString());
        }
        return n;
    }

    /** Detaches from the clients and the recorder, drains the publisher (a few seconds at most), ends the election. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> handles = new ArrayList<>(attached.values());
        synchronized (this) {
            handles.addAll(recorderHooks);
            recorderHooks.clear();
        }
        attached.clear();
        for (AutoCloseable h : handles) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.debug("detaching failed", e);
            }
        }
        publisher.close();
        if (election != null) {
            election.close();
        }
    }
}
