package io.switchboard.recorder;

import java.time.Duration;
import java.time.Instant;

/**
 * Calls that started in one time bucket, for charts.
 *
 * @param bucketStart        the bucket's first instant (aligned to the bucket size from the epoch, UTC)
 * @param calls              records started in the bucket
 * @param avgDurationSeconds their mean duration
 */
public record StatsBucket(Instant bucketStart, long calls, double avgDurationSeconds) {
    /** Bucket sizes. */
    public enum Size {
        MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1));

        private final Duration length;

        Size(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }
    }
}
