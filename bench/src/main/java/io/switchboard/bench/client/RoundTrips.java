package io.switchboard.bench.client;

/**
 * The outcome of a Ping run.
 *
 * @param completed  round trips answered
 * @param nanos      wall time of the run
 * @param latencies  per round trip, send to answer, in ns (length {@code completed})
 */
public record RoundTrips(int completed, long nanos, long[] latencies) {
    /** Round trips per second. */
    public double perSecond() {
        return completed * 1e9 / nanos;
    }
}
