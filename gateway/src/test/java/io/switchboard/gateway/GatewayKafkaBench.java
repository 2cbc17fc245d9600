package io.switchboard.gateway;

import io.switchboard.ami.Packet;
import io.switchboard.kafka.KafkaBroker;
import io.switchboard.kafka.KafkaPublishBench;
import io.switchboard.testkit.FakeAsterisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Benchmark (a main, not a test): events per second through the whole gateway. FakeAsterisk broadcasts the
 * recorded event storm (16,060 real Asterisk events) {@code rounds} times, after one warm-up replay; the
 * gateway's AMI client receives them (feeding its live model and event hub as in production) and its Kafka
 * publisher sends each to a local KRaft broker (child JVM); a consumer counts them on {@code switchboard.events}.
 * The clock runs from the first measured event pushed to the last one consumed.
 *
 * <p>Every target count is taken <em>before</em> the events it waits for are pushed: the consumer runs during
 * the push, so a count read after it already includes part of that replay and the target can never be reached
 * (an earlier version did that, and its "stall" was mistaken for the gateway losing a second replay).
 *
 * <pre>
 * mvn -B -q -o -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat /tmp/cp.txt) \
 *     io.switchboard.gateway.GatewayKafkaBench [rounds=5]
 * </pre>
 */
public final class GatewayKafkaBench {
    private GatewayKafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Packet> storm = KafkaPublishBench.stormEvents();
        Path secret = Files.createTempFile("bench-ami", ".secret");
        Files.writeString(secret, FakeAsterisk.DEFAULT_SECRET);
        try (KafkaBroker broker = KafkaBroker.start();
             // An idle simulated PBX: the gateway's live model needs CoreShowChannels & co. at connect.
             FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                     .callEngine(sink -> io.switchboard.testkit.pbx.SimulatedPbx.builder().build(sink)).start()) {
            broker.createTopics(Map.of("switchboard.events", 3, "switchboard.status", 1, "switchboard.cdr", 1));
            GatewayConfig config = GatewayConfig.builder().port(0).eventBuffer(10_000)
                    .server(new ServerConfig("bench", fake.host(), fake.port(), FakeAsterisk.DEFAULT_USERNAME, null,
                            secret))
                    .kafka(KafkaConfig.builder(broker.bootstrapServers()).clientId("gateway-bench")
                            .buffer(2_000_000, 1L << 30, io.switchboard.kafka.BufferOverflow.DROP_OLDEST)
                            .producerProperty("linger.ms", "10").producerProperty("batch.size", "262144")
                            .producerProperty("compression.type", "lz4").build())
                    .build();
            AtomicLong consumed = new AtomicLong();
            Thread consumer = new Thread(() -> KafkaPublishBench.consume(broker.bootstrapServers(), consumed), "bench-consumer");
            consumer.setDaemon(true);
            consumer.start();
            try (Gateway gw = new Gateway(config).start()) {
                ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-progress");
                    t.setDaemon(true);
                    return t;
                });
                progress.scheduleAtFixedRate(() -> System.out.println("consumed " + consumed.get()), 5, 5,
                        TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(60)).until(() -> fake.loggedInCount() == 1);
                // The gateway attaches Kafka right after its first connect; a marker event shows it is attached.
                // Markers pushed before the attach are never published; every one after it is, so wait until the
                // count stops changing for a while before taking it as the base.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    fake.pushEvent(Packet.of("Event", "UserEvent", "Privilege", "user,all", "UserEvent", "warmup"));
                    return consumed.get() > 0;
                });
                long[] last = {-1};
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(1))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            long now = consumed.get();
                            boolean settled = now == last[0];
                            last[0] = now;
                            return settled;
                        });
                // Warm-up replay; the target is read before pushing (see the class description).
                long base = consumed.get();
                awaitCount(consumed, base + push(fake, storm, 1));
                long before = consumed.get();
                long t0 = System.nanoTime();
                long n = push(fake, storm, rounds);
                awaitCount(consumed, before + n);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d events FakeAsterisk -> gateway -> Kafka -> consumer in %.2f s: %.0f events/s%n",
                        n, seconds, n / seconds);
            }
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    private static long push(FakeAsterisk fake, List<Packet> storm, int rounds) {
        for (int r = 0; r < rounds; r++) {
            storm.forEach(fake::pushEvent);
        }
        return (long) rounds * storm.size();
    }

    private static void awaitCount(AtomicLong consumed, long target) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> consumed.get() >= target);
    }
}
