package io.switchboard.kafka;

/**
 * What {@link KafkaPublisher} does when its buffer is full because Kafka is slow or unreachable. Either way the
 * discarded record is counted in {@link PublisherStats#dropped()} and logged (the first drop and every 1000th).
 */
public enum BufferOverflow {
    /** The oldest buffered record is discarded to make room: consumers see the most recent traffic. */
    DROP_OLDEST,
    /** The new record is discarded: consumers see an unbroken stretch from when the outage began. */
    DROP_NEWEST
}
