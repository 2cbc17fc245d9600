package io.switchboard.kafka.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that hands buffered records to the Kafka producer, in buffer order (so per key order holds).
 *
 * <p>Why a thread of its own: {@code KafkaProducer.send} can block for {@code max.block.ms} (metadata unknown,
 * {@code buffer.memory} full), and the AMI event thread must never wait for Kafka. The sender waits instead, and
 * meanwhile the {@link Outbox} fills and applies its overflow policy. It also bounds what sits inside the producer
 * ({@code maxInFlight} records), so memory stays bounded during a long outage too.
 */
public final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final Producer<String, byte[]> producer;
    private final Outbox outbox;
    private final Semaphore permits;
    private final BooleanSupplier gate;
    private final Counters counters;
    private final Set<String> topicsWithMetadata = new HashSet<>();
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos;

    public Sender(Producer<String, byte[]> producer, Outbox outbox, int maxInFlight, BooleanSupplier gate,
                  Counters counters) {
        this.producer = producer;
        this.outbox = outbox;
        this.permits = new Semaphore(maxInFlight);
        this.gate = gate;
        this.counters = counters;
    }

    /** Asks the loop to end once the buffer is empty or {@code deadlineNanos} ({@link System#nanoTime()}) passed. */
    public void stop(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (!(stopping && (outbox.size() == 0 || System.nanoTime() - drainDeadlineNanos > 0))) {
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                OutRecord r = outbox.poll(100);
                if (r == null) {
                    permits.release();
                    continue;
                }
                if (!gate.getAsBoolean()) {
                    counters.skipped.incrementAndGet();
                    permits.release();
                    continue;
                }
                counters.inFlight.incrementAndGet();
                if (!awaitMetadata(r.topic())) {
                    // Stopping before Kafka ever answered: the record was never sent.
                    counters.inFlight.decrementAndGet();
                    counters.drop(1, "closed before Kafka was reachable");
                    permits.release();
                    continue;
                }
                send(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Kafka publisher's sender stopped on an unexpected error", e);
            counters.error(e);
        }
    }

    /**
     * Waits until the producer knows the topic's partitions. Once known they stay cached, so later sends do not
     * block on metadata even while the brokers are away: the records wait inside the producer and are retried.
     */
    private boolean awaitMetadata(String topic) {
        while (!topicsWithMetadata.contains(topic)) {
            if (stopping && System.nanoTime() - drainDeadlineNanos > 0) {
                return false;
            }
            try {
                producer.partitionsFor(topic); // blocks at most max.block.ms
                topicsWithMetadata.add(topic);
            } catch (TimeoutException e) {
                counters.error(e);
                LOG.debug("Kafka metadata for {} not available yet: {}", topic, e.getMessage());
            } catch (KafkaException e) {
                counters.error(e);
                LOG.warn("Kafka metadata for {} failed: {}", topic, e.toString());
                return waitBeforeRetry();
            }
        }
        return true;
    }

    private boolean waitBeforeRetry() {
        try {
            // A fatal metadata error (authorization, bad topic name) repeats; don't spin on it.
            Thread.sleep(1000);
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Hands one record to the producer. A retriable error reported while {@code send} is still running (topic
     * metadata lost while a restarted broker loads its partitions, {@code buffer.memory} full) means the record
     * never entered the producer: it is sent again, before any later record, so nothing is lost or reordered.
     */
    private void send(OutRecord r) {
        Thread self = Thread.currentThread();
        boolean[] notTaken = new boolean[1];
        do {
            notTaken[0] = false;
            try {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()), (meta, error) -> {
                    if (error instanceof RetriableException && Thread.currentThread() == self && !notTaken[0]) {
                        notTaken[0] = true; // still inside send(): the retry loop below takes over
                        counters.error(error);
                        return;
                    }
                    settle(r, error);
                });
            } catch (KafkaException | IllegalStateException e) {
                // Thrown (not passed to the callback) when the producer is closed or fenced.
                settle(r, e);
                return;
            }
            if (notTaken[0]) {
                LOG.debug("Kafka producer did not take a record for {} yet, retrying", r.topic());
                if (stopping && System.nanoTime() - drainDeadlineNanos > 0) {
                    counters.inFlight.decrementAndGet();
                    permits.release();
                    counters.drop(1, "closed while Kafka was unreachable");
                    return;
                }
            }
        } while (notTaken[0]);
    }

    private void settle(OutRecord r, Exception error) {
        counters.inFlight.decrementAndGet();
        permits.release();
        if (error == null) {
            counters.published.incrementAndGet();
        } else {
            counters.fail(error, r.topic());
        }
    }
}
