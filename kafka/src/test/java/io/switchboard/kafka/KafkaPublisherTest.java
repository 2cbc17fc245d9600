package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.kafka.TopicReader.Message;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher against a real broker: per-call order, a broker restart mid-traffic, status changes. */
class KafkaPublisherTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        broker.createTopics(Map.of("switchboard.events", 3, "switchboard.cdr", 3, "switchboard.status", 1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A FakeAsterisk with a fast simulated PBX, a client, and everything the client received, in order. */
    static final class Pbx implements AutoCloseable {
        final FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .callEngine(sink -> SimulatedPbx.builder().timeScale(0.02).build(sink)).start();
        final SimulatedPbx sim = (SimulatedPbx) fake.callEngine().orElseThrow();
        final List<Event> received = Collections.synchronizedList(new ArrayList<>());
        final AmiClient client;

        /** Attaches {@code publisher} before login, so it and {@link #received} see the same events. */
        Pbx(KafkaPublisher publisher, String server) {
            AmiConfig config = AmiConfig.builder().host(fake.host()).port(fake.port())
                    .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                    .backoff(Backoff.fixed(Duration.ofMillis(50))).build();
            client = AmiClient.connect(config, c -> {
                publisher.attach(server, c);
                c.onAny(received::add);
            });
        }

        /** Waits until the simulated calls are over and every channel is gone. */
        void awaitCallsDone(int hangups) {
            await().atMost(WAIT).until(() -> sim.channels().isEmpty() && count("Hangup") >= hangups);
        }

        long count(String event) {
            synchronized (received) {
                return received.stream().filter(e -> e.is(event)).count();
            }
        }

        List<Event> snapshot() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        @Override
        public void close() {
            client.close();
            fake.close();
        }
    }

    static KafkaPublisher publisher(String clientId) {
        return KafkaPublisher.start(KafkaPublisherConfig.builder(broker.bootstrapServers()).clientId(clientId)
                .closeTimeout(Duration.ofSeconds(10)).build());
    }

    static void awaitSettled(KafkaPublisher p) {
        await().atMost(WAIT).until(() -> p.stats().lag() == 0 && p.stats().accepted() > 0);
    }

    /** The events topic's messages of one server. */
    static List<Message> events(String server) {
        return TopicReader.readAll(broker.bootstrapServers(), "switchboard.events").stream()
                .filter(m -> m.value().path("server").asText().equals(server)).toList();
    }

    /** Per key, the seqs in the order Kafka holds them. */
    static Map<String, List<Long>> seqsByKey(List<Message> messages) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Message m : messages) {
            out.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m.value().get("seq").asLong());
        }
        return out;
    }

    /** Per key, the seqs in the order the client received them. */
    static Map<String, List<Long>> receivedByKey(String server, List<Event> received) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Event e : received) {
            out.computeIfAbsent(KafkaPublisher.eventKey(server, e), k -> new ArrayList<>()).add(e.sequence());
        }
        return out;
    }

    /** Keys whose seqs differ between Kafka and what the client received, with both lists: empty when equal. */
    static List<String> differences(Map<String, List<Long>> kafka, Map<String, List<Long>> received) {
        Set<String> keys = new HashSet<>(kafka.keySet());
        keys.addAll(received.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!java.util.Objects.equals(kafka.get(k), received.get(k))) {
                String line = k + " kafka=" + kafka.get(k) + " received=" + received.get(k);
                out.add(line.length() > 400 ? line.substring(0, 400) + "..." : line);
            }
        }
        return out;
    }

    @Test
    void eachCallsEventsArriveInOneKeyInTheOrderTheClientReceivedThem() {
        try (KafkaPublisher publisher = publisher("order"); Pbx pbx = new Pbx(publisher, "order")) {
            pbx.sim.simulateCalls(15, 20.0);
            pbx.awaitCallsDone(15);
            awaitSettled(publisher);

            List<Message> messages = events("order");
            Map<String, List<Long>> expected = receivedByKey("order", pbx.snapshot());
            assertThat(differences(seqsByKey(messages), expected)).isEmpty();
            assertThat(expected.keySet().stream().filter(k -> k.startsWith("order:")).count())
                    .as("distinct calls keyed by Linkedid").isGreaterThanOrEqualTo(10);
            // One key, one partition.
            Map<String, Set<Integer>> partitions = new HashMap<>();
            messages.forEach(m -> partitions.computeIfAbsent(m.key(), k -> new HashSet<>()).add(m.partition()));
            assertThat(partitions.values()).allSatisfy(p -> assertThat(p).hasSize(1));

            JsonNode hangup = messages.stream().filter(m -> m.value().get("event").asText().equals("Hangup"))
                    .findFirst().orElseThrow().value();
            assertThat(hangup.get("receivedAt").asText()).isNotBlank();
            assertThat(hangup.get("headers").get(0).get(0).asText()).isEqualTo("Event");
            assertThat(hangup.get("headers").get(0).get(1).asText()).isEqualTo("Hangup");
            PublisherStats s = publisher.stats();
            assertThat(s.dropped()).isZero();
            assertThat(s.failed()).isZero();
            assertThat(s.published()).isEqualTo(s.accepted());
        }
    }

    @Test
    void aBrokerKilledAndRestartedMidTrafficLosesNothingAndDuplicatesNothing() throws Exception {
        try (KafkaPublisher publisher = publisher("outage"); Pbx pbx = new Pbx(publisher, "outage")) {
            try (AutoCloseable traffic = pbx.sim.simulateTraffic(0.15)) {
                await().atMost(WAIT).until(() -> publisher.stats().published() > 300);
                broker.kill();
                long atKill = publisher.stats().accepted();
                await().atMost(WAIT).until(() -> publisher.stats().accepted() > atKill + 300);
                assertThat(publisher.stats().lag()).isPositive();
                broker.restart();
                long atRestart = publisher.stats().published();
                await().atMost(WAIT).until(() -> publisher.stats().published() > atRestart + 300);
            }
            pbx.awaitCallsDone(1);
            awaitSettled(publisher);
            assertThat(publisher.stats().accepted()).as("a test of modest size").isLessThan(50_000);

            List<Message> messages = events("outage");
            List<Long> seqs = messages.stream().map(m -> m.value().get("seq").asLong()).toList();
            assertThat(seqs).doesNotHaveDuplicates(); // idempotent producer: exactly once per seq
            Map<String, List<Long>> expected = receivedByKey("outage", pbx.snapshot());
            assertThat(differences(seqsByKey(messages), expected)).isEmpty();
            PublisherStats s = publisher.stats();
            assertThat(s.dropped()).isZero();
            assertThat(s.failed()).isZero();
            assertThat(s.published()).isEqualTo(s.accepted());
        }
    }

    @Test
    void whileTheBrokerIsDownAFullBufferDropsTheOldestEventsButKeepsTheCallRecords() {
        broker.stop();
        try (KafkaPublisher publisher = KafkaPublisher.start(KafkaPublisherConfig.builder(broker.bootstrapServers())
                .clientId("overflow").bufferRecords(100).maxInFlightRecords(10).overflow(BufferOverflow.DROP_OLDEST)
                .closeTimeout(Duration.ofSeconds(10)).build())) {
            for (int seq = 1; seq <= 1000; seq++) {
                publisher.publishEvent("overflow", new Event(Packet.of("Event", "Newchannel", "Linkedid",
                        "call-" + seq % 7), seq));
                if (seq % 100 == 50) { // ten call records in the middle of the flood: billing data, never displaced
                    assertThat(publisher.publishCdr("overflow", "cdr-" + seq, Map.of("billsec", seq))).isTrue();
                }
            }
            // The sender holds one record while it waits for Kafka; the buffer holds the call records and the
            // newest events.
            await().atMost(WAIT).until(() -> publisher.stats().buffered() == 100 && publisher.stats().inFlight() == 1);
            PublisherStats down = publisher.stats();
            assertThat(down.accepted()).isEqualTo(1010);
            assertThat(down.dropped()).isEqualTo(909);
            assertThat(down.published()).isZero();

            broker.restart();
            await().atMost(WAIT).until(() -> publisher.stats().published() == 101 && publisher.stats().lag() == 0);
            List<Long> seqs = events("overflow").stream().map(m -> m.value().get("seq").asLong()).toList();
            assertThat(seqs).hasSize(91).doesNotHaveDuplicates();
            assertThat(seqs).containsAll(java.util.stream.LongStream.rangeClosed(911, 1000).boxed().toList());
            assertThat(TopicReader.readAll(broker.bootstrapServers(), "switchboard.cdr").stream()
                    .filter(m -> m.value().get("server").asText().equals("overflow")).map(Message::key))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 10)
                            .mapToObj(i -> "overflow:cdr-" + (i * 100 + 50)).toList());
            assertThat(publisher.stats().dropped()).isEqualTo(909);
            assertThat(publisher.stats().failed()).isZero();
        } finally {
            if (!broker.isRunning()) {
                broker.restart();
            }
        }
    }

    @Test
    void connectionChangesGoToTheStatusTopic() {
        try (KafkaPublisher publisher = publisher("status"); Pbx pbx = new Pbx(publisher, "status")) {
            await().atMost(WAIT).until(() -> publisher.stats().published() > 0);
            pbx.fake.dropAllSessions();
            await().atMost(WAIT).until(() -> statusStates("status").contains("RESTORED"));
            List<String> states = statusStates("status");
            assertThat(states.get(0)).isEqualTo("CONNECTED");
            assertThat(states).containsSubsequence("CONNECTED", "LOST", "RECONNECTING", "RESTORED");
        }
    }

    static List<String> statusStates(String server) {
        List<String> out = new ArrayList<>();
        for (Message m : TopicReader.readAll(broker.bootstrapServers(), "switchboard.status")) {
            if (m.value().get("server").asText().equals(server)) {
                assertThat(m.key()).isEqualTo(server);
                out.add(m.value().get("state").asText());
            }
        }
        return out;
    }

    @Test
    void callRecordsAreKeyedByServerAndUniqueid() {
        try (KafkaPublisher publisher = publisher("cdr")) {
            assertThat(publisher.publishCdr("cdr", "1700000000.1",
                    Map.of("src", "alice", "dst", "bob", "billsec", 42))).isTrue();
            awaitSettled(publisher);
            List<Message> cdrs = TopicReader.readAll(broker.bootstrapServers(), "switchboard.cdr").stream()
                    .filter(m -> m.value().get("server").asText().equals("cdr")).toList();
            assertThat(cdrs).hasSize(1);
            assertThat(cdrs.get(0).key()).isEqualTo("cdr:1700000000.1");
            assertThat(cdrs.get(0).value().get("billsec").asInt()).isEqualTo(42);
            assertThat(cdrs.get(0).value().get("uniqueid").asText()).isEqualTo("1700000000.1");
        }
    }

    @Test
    void aChannelsLaterCallRecordLegsGetKeysOfTheirOwnAndKeepTheUniqueid() {
        try (KafkaPublisher publisher = publisher("legs")) {
            assertThat(publisher.publishCdr("legs", "1700000000.2", 1, Map.of("billsec", 60))).isTrue();
            assertThat(publisher.publishCdr("legs", "1700000000.2", 2, Map.of("billsec", 120))).isTrue();
            assertThatThrownBy(() -> publisher.publishCdr("legs", "1700000000.2", 0, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leg");
            awaitSettled(publisher);
            List<Message> cdrs = TopicReader.readAll(broker.bootstrapServers(), "switchboard.cdr").stream()
                    .filter(m -> m.value().get("server").asText().equals("legs")).toList();
            assertThat(cdrs).extracting(Message::key)
                    .containsExactlyInAnyOrder("legs:1700000000.2", "legs:1700000000.2#2");
            assertThat(cdrs).allSatisfy(m -> assertThat(m.value().get("uniqueid").asText()).isEqualTo("1700000000.2"));
            assertThat(cdrs).extracting(m -> m.value().get("leg").asInt(), m -> m.value().get("billsec").asInt())
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, 60),
                            org.assertj.core.groups.Tuple.tuple(2, 120));
        }
    }
}
