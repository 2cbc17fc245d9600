package io.switchboard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.kafka.KafkaPublisherConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Billing from Kafka: consumes the finished-call records a gateway publishes to {@code switchboard.cdr}
 * ({@code KafkaPublisher.publishCdr}) and prints one line per call and a running total of billable seconds per
 * source. Delivery is at least once (a Kafka or leader handover can repeat a record), so records are deduplicated
 * by their key, {@code server:uniqueid} ({@code server:uniqueid#leg} for a channel's second and later legs,
 * e.g. after a transfer); a real biller keeps that set in its database, next to the totals, and commits offsets
 * after it.
 *
 * <p>Needs a Kafka cluster ({@code --bootstrap host:port}); stops after {@code --records N} distinct records or
 * {@code --seconds S} (default 60) and prints the totals.
 *
 * <pre>
 * java -cp ... io.switchboard.examples.KafkaBilling --bootstrap kafka1:9092 --group billing --seconds 3600
 * </pre>
 */
public final class KafkaBilling {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaBilling() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String bootstrap = options.get("bootstrap");
        if (bootstrap == null) {
            System.err.println("usage: KafkaBilling --bootstrap host:port [--topic switchboard.cdr] [--group billing]"
                    + " [--records N] [--seconds S]");
            return;
        }
        String topic = options.getOrDefault("topic", KafkaPublisherConfig.builder(bootstrap).build().cdrTopic());
        long wanted = Long.parseLong(options.getOrDefault("records", Long.toString(Long.MAX_VALUE)));
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "60")))
                .toNanos();

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, options.getOrDefault("group", "switchboard-billing-example"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");          // a new biller starts from the start
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());

        Set<String> billed = new HashSet<>();                  // record keys already billed (dedup)
        Map<String, Long> secondsBySource = new TreeMap<>();
        int duplicates = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (billed.size() < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!billed.add(r.key())) {
                        duplicates++;                            // seen before: at-least-once delivery
                        continue;
                    }
                    JsonNode cdr = parse(r.value());
                    if (cdr == null) {
                        System.out.println(r.key() + ": not a JSON record, skipped");
                        continue;
                    }
                    // Field names of the recorder's records, with the Asterisk CDR names as fallback.
                    String source = text(cdr, "source", "src");
                    long billsec = cdr.has("billableSeconds") ? cdr.get("billableSeconds").asLong()
                            : cdr.path("billsec").asLong();
                    secondsBySource.merge(source, billsec, Long::sum);
                    System.out.printf("%s  %s -> %s  %s  billable %d s%n", r.key(), source,
                            text(cdr, "destination", "dst"), text(cdr, "disposition", "disposition"), billsec);
                }
                consumer.commitSync();                           // after billing: a crash re-reads, never skips
            }
        }
        System.out.println("totals (" + billed.size() + " calls, " + duplicates + " duplicates ignored):");
        secondsBySource.forEach((source, seconds) -> System.out.println("  " + source + ": " + seconds + " s"));
    }

    private static JsonNode parse(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String name, String fallback) {
        return n.has(name) ? n.get(name).asText() : n.path(fallback).asText("?");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
