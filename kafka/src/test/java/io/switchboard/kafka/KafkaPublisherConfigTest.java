package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The publisher without a broker: bad configuration, an unreachable cluster, the leadership gate. */
class KafkaPublisherConfigTest {

    static String unreachable() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
    }

    static Event event(long seq) {
        return new Event(Packet.of("Event", "Newchannel", "Uniqueid", "u" + seq), seq);
    }

    @Test
    void anUnreachableClusterNeverBlocksTheCallerAndEveryDiscardIsCounted() throws Exception {
        KafkaPublisher publisher = KafkaPublisher.start(KafkaPublisherConfig.builder(unreachable())
                .bufferRecords(100).overflow(BufferOverflow.DROP_NEWEST).closeTimeout(Duration.ofMillis(500)).build());
        // The sender takes the first record and then waits for metadata that never comes; only then fill the
        // buffer, so the counts below do not depend on whether the sender thread or this one ran first.
        int refused = publisher.publishEvent("pbx", event(1)) ? 0 : 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.stats().inFlight() == 1);
        for (int seq = 2; seq <= 1000; seq++) {
            if (!publisher.publishEvent("pbx", event(seq))) {
                refused++;
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.stats().buffered() == 100
                && publisher.stats().inFlight() == 1 && publisher.stats().lastError() != null);
        PublisherStats s = publisher.stats();
        assertThat(refused).isEqualTo(899);
        assertThat(s.dropped()).isEqualTo(899);
        assertThat(s.accepted()).isEqualTo(1000);
        assertThat(s.lag()).isEqualTo(101);
        assertThat(s.lastError()).contains("Timeout");

        publisher.close();
        PublisherStats closed = publisher.stats();
        assertThat(closed.dropped()).as("what never reached Kafka is counted at close").isEqualTo(1000);
        assertThat(closed.lag()).isZero();
        assertThat(publisher.publishEvent("pbx", event(1001))).isFalse();
        assertThat(publisher.stats().dropped()).isEqualTo(1001);
        publisher.close(); // idempotent
    }

    @Test
    void aRecordLargerThanTheWholeBufferIsReportedAsNotBufferedWithEitherPolicy() throws Exception {
        for (BufferOverflow policy : BufferOverflow.values()) {
            try (KafkaPublisher publisher = KafkaPublisher.start(KafkaPublisherConfig.builder(unreachable())
                    .bufferBytes(1024).overflow(policy).closeTimeout(Duration.ofMillis(200)).build())) {
                assertThat(publisher.publishCdr("pbx", "1.1", Map.of("userField", "x".repeat(2000))))
                        .as("publishCdr with %s", policy).isFalse();
                assertThat(publisher.stats().dropped()).isEqualTo(1);
                assertThat(publisher.stats().lag()).isZero();
            }
        }
    }

    @Test
    void anUnresolvableBootstrapAddressIsATypedErrorAtStart() {
        assertThatThrownBy(() -> KafkaPublisher.start(KafkaPublisherConfig.builder("no-such-host.invalid:9092")
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap");
    }

    @Test
    void invalidSettingsAreRefusedByTheBuilder() {
        assertThatThrownBy(() -> KafkaPublisherConfig.builder(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaPublisherConfig.builder("h:1").bufferRecords(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaPublisherConfig.builder("h:1").closeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        KafkaPublisherConfig c = KafkaPublisherConfig.builder("h:1")
                .producerProperty("sasl.jaas.config", "secret-value").build();
        assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("secret-value");
    }

    @Test
    void theGuaranteesCannotBeOverriddenByExtraProperties() {
        KafkaPublisherConfig c = KafkaPublisherConfig.builder("h:1").producerProperty("acks", "0")
                .producerProperty("enable.idempotence", "false").producerProperty("compression.type", "lz4").build();
        var p = KafkaPublisher.producerProperties(c);
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("compression.type", "lz4");
        assertThat(Integer.parseInt((String) p.get("max.in.flight.requests.per.connection"))).isLessThanOrEqualTo(5);
    }

    @Test
    void whileNotLeaderNothingIsBufferedAndTheSkipsAreCounted() throws Exception {
        AtomicBoolean leader = new AtomicBoolean(false);
        try (KafkaPublisher publisher = KafkaPublisher.start(KafkaPublisherConfig.builder(unreachable())
                .gate(leader::get).closeTimeout(Duration.ofMillis(200)).build())) {
            assertThat(publisher.publishEvent("pbx", event(1))).isFalse();
            assertThat(publisher.publishCdr("pbx", "1.1", Map.of("billsec", 3))).isFalse();
            assertThat(publisher.stats().skippedNotLeader()).isEqualTo(2);
            assertThat(publisher.stats().accepted()).isZero();
            assertThat(publisher.stats().lag()).isZero();
            leader.set(true);
            assertThat(publisher.publishEvent("pbx", event(2))).isTrue();
            assertThat(publisher.stats().accepted()).isEqualTo(1);
        }
    }

    @Test
    void badCallRecordsAreRefusedWithAReason() throws Exception {
        try (KafkaPublisher publisher = KafkaPublisher.start(KafkaPublisherConfig.builder(unreachable())
                .closeTimeout(Duration.ofMillis(200)).build())) {
            assertThatThrownBy(() -> publisher.publishCdr("pbx", " ", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uniqueid");
            assertThatThrownBy(() -> publisher.publishCdr("pbx", "1.1", Map.of("x", new Object())))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> publisher.publishCdr("pbx", "1.1",
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree("[1,2]")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
            assertThat(publisher.stats().accepted()).isZero();
        }
    }

    @Test
    void eventsAreKeyedByLinkedidThenUniqueidThenServer() {
        assertThat(KafkaPublisher.eventKey("pbx", Event.of("Newchannel", "Uniqueid", "u1", "Linkedid", "l1")))
                .isEqualTo("pbx:l1");
        assertThat(KafkaPublisher.eventKey("pbx", Event.of("Newchannel", "Uniqueid", "u1"))).isEqualTo("pbx:u1");
        assertThat(KafkaPublisher.eventKey("pbx", Event.of("PeerStatus", "Peer", "PJSIP/a"))).isEqualTo("pbx");
    }

    @Test
    void toBuilderKeepsEverySettingAndLeavesTheOriginalAlone() {
        java.util.function.BooleanSupplier gate = () -> false;
        KafkaPublisherConfig original = KafkaPublisherConfig.builder("k1:9092,k2:9092").eventsTopic("e").cdrTopic("c")
                .statusTopic("s").bufferRecords(7).bufferBytes(4096).overflow(BufferOverflow.DROP_NEWEST)
                .maxInFlightRecords(3).deliveryTimeout(Duration.ofMinutes(2)).closeTimeout(Duration.ofSeconds(1))
                .clientId("gw-a").producerProperty("compression.type", "lz4").gate(gate).build();
        KafkaPublisherConfig copy = original.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(original.toString());
        assertThat(copy.maxInFlightRecords()).isEqualTo(3);
        assertThat(copy.deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(copy.closeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.producerProperties()).isEqualTo(Map.of("compression.type", "lz4"));
        assertThat(copy.gate()).isSameAs(gate);

        KafkaPublisherConfig variant = original.toBuilder().clientId("gw-b").producerProperty("linger.ms", "5").build();
        assertThat(variant.clientId()).isEqualTo("gw-b");
        assertThat(variant.producerProperties()).containsEntry("linger.ms", "5").containsEntry("compression.type", "lz4");
        assertThat(original.clientId()).isEqualTo("gw-a");
        assertThat(original.producerProperties()).doesNotContainKey("linger.ms");
    }
}
