package io.switchboard.kafka;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.testkit.FakeAsterisk;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Benchmark (a main, not a test): events per second published end to end. FakeAsterisk broadcasts the recorded
 * event storm (16,060 real Asterisk 22 events) {@code rounds} times to an AMI client; a {@link KafkaPublisher}
 * attached to it publishes every event to a local KRaft broker (child JVM); a consumer counts them on the topic.
 * The clock runs from the first event pushed to the last one consumed.
 *
 * <pre>
 * java -cp ... io.switchboard.kafka.KafkaPublishBench [rounds=5]
 * </pre>
 */
public final class KafkaPublishBench {
    private KafkaPublishBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Packet> storm = stormEvents();
        try (KafkaBroker broker = KafkaBroker.start();
             FakeAsterisk fake = FakeAsterisk.builder().noCallEngine().loginDelay(Duration.ZERO).start();
             KafkaPublisher publisher = KafkaPublisher.start(KafkaPublisherConfig.builder(broker.bootstrapServers())
                     .clientId("bench").bufferRecords(2_000_000).bufferBytes(1L << 30).maxInFlightRecords(100_000)
                     .producerProperty("linger.ms", "10").producerProperty("batch.size", "262144")
                     .producerProperty("compression.type", "lz4").build())) {
            broker.createTopics(Map.of("switchboard.events", 3, "switchboard.status", 1));
            AmiConfig config = AmiConfig.builder().host(fake.host()).port(fake.port())
                    .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET).build();
            AtomicLong consumed = new AtomicLong();
            Thread consumer = new Thread(() -> consume(broker.bootstrapServers(), consumed), "bench-consumer");
            consumer.setDaemon(true);
            consumer.start();
            try (AmiClient client = AmiClient.connect(config, c -> publisher.attach("bench", c))) {
                // Warm-up: one round, everything through, then measure.
                long warm = push(fake, storm, 1);
                awaitCount(consumed, warm, publisher);
                long before = consumed.get();
                long t0 = System.nanoTime();
                long n = push(fake, storm, rounds);
                awaitCount(consumed, before + n, publisher);
                double seconds = (System.nanoTime() - t0) / 1e9;
                PublisherStats s = publisher.stats();
                System.out.printf("%d events end to end in %.2f s: %.0f events/s (published %d, dropped %d, failed %d)%n",
                        n, seconds, n / seconds, s.published(), s.dropped(), s.failed());
            }
            // Without AMI: the same events handed straight to the publisher, to show what part the AMI side
            // (FakeAsterisk writing, the client decoding) takes of the end-to-end time.
            List<Event> events = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (Packet p : storm) {
                    events.add(new Event(p, events.size() + 1L));
                }
            }
            long before = consumed.get();
            long t0 = System.nanoTime();
            events.forEach(e -> publisher.publishEvent("direct", e));
            awaitCount(consumed, before + events.size(), publisher);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d events publisher -> broker -> consumer (no AMI) in %.2f s: %.0f events/s%n",
                    events.size(), seconds, events.size() / seconds);
        }
    }

    private static long push(FakeAsterisk fake, List<Packet> storm, int rounds) {
        for (int r = 0; r < rounds; r++) {
            storm.forEach(fake::pushEvent);
        }
        return (long) rounds * storm.size();
    }

    private static void awaitCount(AtomicLong consumed, long target, KafkaPublisher publisher) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                .alias("consumed " + target + " (publisher " + publisher.stats() + " at the start)")
                .until(() -> consumed.get() >= target);
    }

    /** Counts into {@code consumed} every record of switchboard.events from the beginning, until interrupted. */
    public static void consume(String bootstrap, AtomicLong consumed) {
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

    /** The event packets of the event_storm transcript, decoded from the class path. */
    public static List<Packet> stormEvents() throws IOException {
        List<Packet> out = new ArrayList<>();
        try (InputStream in = KafkaPublishBench.class.getClassLoader()
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
