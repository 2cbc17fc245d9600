package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ami.Packet;
import io.switchboard.kafka.BufferOverflow;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kafka configured but unreachable (no broker needed): the gateway serves and never blocks, a server that
 * connects late is attached exactly once, records wait in the bounded buffer and overflow is counted.
 */
class KafkaUnreachableTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLateServerIsAttachedOnceAndItsEventsWaitInTheBoundedBufferWithDropsCounted() throws Exception {
        int amiPort = freePort();
        int kafkaPort = freePort(); // nothing listens there
        Path secret = Files.writeString(dir.resolve("secret"), FakeAsterisk.DEFAULT_SECRET);
        GatewayConfig config = GatewayConfig.builder().port(0).metricsPublic(true)
                .server(new ServerConfig("late", "127.0.0.1", amiPort, FakeAsterisk.DEFAULT_USERNAME, null, secret))
                .kafka(KafkaConfig.builder("127.0.0.1:" + kafkaPort).clientId("unreachable")
                        .buffer(50, 1 << 20, BufferOverflow.DROP_OLDEST).build())
                .build();
        try (Gateway gw = new Gateway(config).start()) {
            assertThat(kafka(gw).path("published").asLong()).isZero();
            try (FakeAsterisk fake = FakeAsterisk.builder().port(amiPort).loginDelay(Duration.ZERO).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> health(gw).path("status").asText().equals("ok"));
                // A marker shows the client is attached; then every event adds exactly one record (attached once).
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    fake.pushEvent(marker(0));
                    return kafka(gw).path("lag").asLong() > 0;
                });
                // Settled: the lag has not moved for half a second (the last marker is in).
                long[] last = {-1};
                await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500)).until(() -> {
                    long lag = kafka(gw).path("lag").asLong();
                    boolean same = lag == last[0];
                    last[0] = lag;
                    return same;
                });
                long before = kafka(gw).path("lag").asLong();
                for (int i = 1; i <= 5; i++) {
                    fake.pushEvent(marker(i));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> kafka(gw).path("lag").asLong() >= before + 5);
                assertThat(kafka(gw).path("lag").asLong()).isEqualTo(before + 5);
                // Past the buffer (50 records + 1 held by the sender): the oldest are dropped and counted.
                for (int i = 0; i < 100; i++) {
                    fake.pushEvent(marker(100 + i));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> kafka(gw).path("dropped").asLong() > 0);
                JsonNode k = kafka(gw);
                assertThat(k.path("buffered").asLong()).isLessThanOrEqualTo(50);
                assertThat(k.path("published").asLong()).isZero();
                assertThat(k.path("leader").asBoolean()).isTrue();
                String metrics = text(gw, "/metrics");
                assertThat(metrics).contains("switchboard_kafka_dropped_total").contains("switchboard_kafka_leader 1.0");
            }
        }
    }

    @Test
    void anUnresolvableBootstrapFailsStartAndAMissingSecretIsNamed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), FakeAsterisk.DEFAULT_SECRET);
        GatewayConfig.Builder base = GatewayConfig.builder().port(0)
                .server(new ServerConfig("s", "127.0.0.1", freePort(), FakeAsterisk.DEFAULT_USERNAME, null, secret));
        try (Gateway gw = new Gateway(base.kafka(KafkaConfig.builder("no-such-host.invalid:9092").build()).build())) {
            assertThatThrownBy(gw::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kafka");
        }
        GatewayConfig missing = base.kafka(KafkaConfig.builder("127.0.0.1:9092").secretProperty("sasl.jaas.config",
                new KafkaConfig.SecretRef("SWITCHBOARD_NO_SUCH_JAAS_VARIABLE", null)).build()).build();
        try (Gateway gw = new Gateway(missing)) {
            assertThatThrownBy(gw::start).hasMessageContaining("kafka.secretProperties.sasl.jaas.config")
                    .hasMessageContaining("SWITCHBOARD_NO_SUCH_JAAS_VARIABLE");
        }
    }

    private static Packet marker(int i) {
        return Packet.of("Event", "UserEvent", "Privilege", "user,all", "UserEvent", "m" + i);
    }

    private JsonNode health(Gateway gw) throws Exception {
        return GatewayFixture.JSON.readTree(text(gw, "/health"));
    }

    private JsonNode kafka(Gateway gw) throws Exception {
        return health(gw).path("kafka");
    }

    private String text(Gateway gw, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
