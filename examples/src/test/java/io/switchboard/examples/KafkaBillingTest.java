package io.switchboard.examples;

import io.switchboard.kafka.KafkaBroker;
import io.switchboard.kafka.KafkaPublisher;
import io.switchboard.kafka.KafkaPublisherConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@link KafkaBilling} against a real broker (the kafka module's test fixture, a KRaft node in a child JVM)
 * after a publisher wrote three call records, one of them twice. Its own class, not in ExamplesTest: starting a
 * broker takes longer than that class's per-test timeout.
 */
class KafkaBillingTest {

    @Test
    void billsEachCallOnceFromTheCdrTopic() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            // One partition: a total order, so the duplicate is read before the last distinct record.
            broker.createTopics(Map.of("switchboard.cdr", 1));
            try (KafkaPublisher publisher = KafkaPublisher.start(
                    KafkaPublisherConfig.builder(broker.bootstrapServers()).clientId("billing-test").build())) {
                publisher.publishCdr("pbx1", "1.1", Map.of("src", "100", "dst", "200", "disposition", "ANSWERED",
                        "billsec", 30));
                publisher.publishCdr("pbx1", "1.1", Map.of("src", "100", "dst", "200", "disposition", "ANSWERED",
                        "billsec", 30)); // as a second gateway or a retry would
                publisher.publishCdr("pbx1", "1.2", Map.of("src", "100", "dst", "300", "disposition", "ANSWERED",
                        "billsec", 12));
                publisher.publishCdr("pbx2", "7.1", Map.of("src", "101", "dst", "200", "disposition", "BUSY",
                        "billsec", 0));
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.stats().published() == 4);
            }

            String out = run("--bootstrap", broker.bootstrapServers(), "--records", "3", "--seconds", "60");
            assertThat(out.lines().filter(l -> l.contains("billable")).toList()).containsExactly(
                    "pbx1:1.1  100 -> 200  ANSWERED  billable 30 s",
                    "pbx1:1.2  100 -> 300  ANSWERED  billable 12 s",
                    "pbx2:7.1  101 -> 200  BUSY  billable 0 s");
            assertThat(out).contains("totals (3 calls, 1 duplicates ignored):", "  100: 42 s", "  101: 0 s");
        }
    }

    @Test
    void withoutABootstrapAddressItPrintsUsage() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            KafkaBilling.main(new String[0]);
        } finally {
            System.setErr(original);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage: KafkaBilling --bootstrap");
    }

    private static String run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            KafkaBilling.main(args);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
