package io.switchboard.kafka;

import java.time.Instant;

/**
 * A snapshot of a {@link KafkaPublisher}'s counters, for metrics and health checks.
 *
 * @param accepted       records taken into the buffer since start
 * @param published      records Kafka acknowledged (acks=all)
 * @param buffered       records waiting in the publisher's own buffer now
 * @param inFlight       records handed to the Kafka producer and not yet acknowledged or failed
 * @param dropped        records discarded by the {@link BufferOverflow} policy, or still buffered at close
 * @param failed         records Kafka refused or that outlived {@code delivery.timeout.ms}
 * @param skippedNotLeader records not published because this publisher was not the leader (see
 *                       {@link KafkaPublisherConfig.Builder#gate})
 * @param lastError      the last error seen talking to Kafka, or null
 * @param lastErrorAt    when it was seen, or null
 */
public record PublisherStats(long accepted, long published, long buffered, long inFlight, long dropped, long failed,
                             long skippedNotLeader, String lastError, Instant lastErrorAt) {

    /** Accepted records not yet acknowledged, dropped, failed or skipped: the buffer plus what is in flight. */
    public long lag() {
        return buffered + inFlight;
    }
}
