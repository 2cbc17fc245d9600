package io.switchboard.bench.client;

import java.time.Duration;

/**
 * One client under test. Every method opens its own connection to a {@link io.switchboard.bench.BlastServer}
 * on 127.0.0.1, logs in, does its bounded work and logs off; none runs longer than its {@code limit}.
 */
public interface Target {
    /** The name used in reports: {@code raw}, {@code switchboard}, {@code asterisk-java}. */
    String name();

    /**
     * Turns events on and counts delivered events until the sentinel. The meter runs from just before the
     * {@code Events} action to the sentinel's delivery.
     *
     * @return events delivered (sentinel excluded), or what arrived before the limit
     */
    long ingest(int port, Meter meter, Duration limit) throws Exception;

    /** {@code count} Ping round trips, one at a time (or fewer if the limit passes first). */
    RoundTrips pingSequential(int port, int count, Duration limit) throws Exception;

    /** {@code count} Ping round trips with up to {@code window} in flight. */
    RoundTrips pingPipelined(int port, int count, int window, Duration limit) throws Exception;

    /**
     * Turns events on against a paced server and records, for each event up to the sentinel, the wall-clock
     * delay in µs from its {@code Timestamp} header (stamped at write) to the listener.
     */
    long[] pacedLatencies(int port, int expected, Duration limit) throws Exception;
}
