package io.switchboard.gateway;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.kafka.KafkaBroker;
import io.switchboard.testkit.FakeAsterisk;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Benchmark (a main, not a test): events per second through the whole gateway. FakeAsterisk broadcasts the
 * recorded event storm (16,060 real Asterisk events) {@code rounds} times; the gateway's AMI client receives them
 * (feeding its live model and event hub as in production) and its Kafka publisher sends each to a local KRaft
 * broker (child JVM); a consumer counts them on {@code switchboard.events}. The clock runs from the first event
 * pushed to the last one consumed, after one warm-up round.
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
        List<Packet> storm = stormEvents();
        Path secret = Files.createTempFile("bench-ami", ".secret");
        Files.writeString(secret, FakeAsterisk.DEFAULT_SECRET);
        try (KafkaBroker broker = KafkaBroker.start();
             FakeAsterisk fake = FakeAsterisk.builder().noCallEngine().loginDelay(Duration.ZERO).start()) {
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
            Thread consumer = new Thread(() -> consume(broker.bootstrapServers(), consumed), "bench-consumer");
            consumer.setDaemon(true);
            consumer.start();
            try (Gateway gw = new Gateway(config).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fake.loggedInCount() == 1);
                // The gateway attaches Kafka right after its first connect; a marker event shows it is attached.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    fake.pushEvent(Packet.of("Event", "UserEvent", "UserEvent", "warmup"));
                    return consumed.get() > 0;
                });
                long warm = push(fake, storm, 1);
                long base = consumed.get();
                awaitCount(consumed, base + warm - 10); // warm-up markers may still trickle in
                await().atMost(Duration.ofSeconds(60)).until(() -> consumedSettles(consumed));
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

    private static long lastSeen = -1;

    private static boolean consumedSettles(AtomicLong consumed) {
        long now = consumed.get();
        boolean same = now == lastSeen;
        lastSeen = now;
        return same;
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

    private static void consume(String bootstrap, AtomicLong consumed) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor("switchboard.events", Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (!Thread.currentThread().isInterrupted()) {
                consumed.addAndGet(c.poll(Duration.ofMillis(100)).count());
            }
        }
    }

    private static List<Packet> stormEvents() throws IOException {
        List<Packet> out = new ArrayList<>();
        try (InputStream in = GatewayKafkaBench.class.getClassLoader()
                .getResourceAsStream("io/switchboard/transcripts/event_storm.recv")) {
            if (in == null) {
                throw new IllegalStateException("event_storm transcript not on the class path");
            }
            PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, true, p -> {
                if (p.kind() == Packet.Kind.EVENT) {
                    out.add(p);
                }
            });
            d.feed(in.readAllBytes());
        }
        return out;
    }
}
