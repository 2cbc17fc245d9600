package io.switchboard.gateway.internal;

import io.switchboard.gateway.AuthFailureLimit;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-address failure buckets on a fake clock: burst, refill, one announcement per refusal, bounded table. */
class AuthFailuresTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstThenOnePerRefillAndOtherAddressesUntouched() {
        AuthFailures f = new AuthFailures(new AuthFailureLimit(6, 3, 100), now::get); // one per 10 s
        assertThat(f.retryAfter("10.0.0.1")).isZero();
        assertThat(f.failed("10.0.0.1")).isFalse();
        assertThat(f.failed("10.0.0.1")).isFalse();
        assertThat(f.retryAfter("10.0.0.1")).isZero();
        assertThat(f.failed("10.0.0.1")).as("the refusal starts: announced").isTrue();
        assertThat(f.retryAfter("10.0.0.1")).isEqualTo(10);
        assertThat(f.retryAfter("10.0.0.2")).isZero();
        assertThat(f.tracked()).isEqualTo(1);

        advance(4);
        assertThat(f.retryAfter("10.0.0.1")).isEqualTo(6);
        advance(6);
        assertThat(f.retryAfter("10.0.0.1")).isZero();
        // One more try, and a wrong one refuses again without a second announcement.
        assertThat(f.failed("10.0.0.1")).isFalse();
        assertThat(f.retryAfter("10.0.0.1")).isEqualTo(10);

        // Once the bucket is full again, a new refusal is announced again.
        advance(30);
        assertThat(f.retryAfter("10.0.0.1")).isZero();
        f.failed("10.0.0.1");
        f.failed("10.0.0.1");
        assertThat(f.failed("10.0.0.1")).isTrue();
    }

    @Test
    void theTableKeepsTheMostRecentlyFailingAddressesOnly() {
        AuthFailures f = new AuthFailures(new AuthFailureLimit(1, 1, 3), now::get);
        for (int i = 1; i <= 3; i++) {
            assertThat(f.failed("10.0.0." + i)).isTrue();
        }
        assertThat(f.retryAfter("10.0.0.1")).isPositive(); // touched: now the most recent
        for (int i = 4; i <= 100; i++) {
            f.failed("10.1." + i);
            assertThat(f.tracked()).isLessThanOrEqualTo(3);
        }
        assertThat(f.tracked()).isEqualTo(3);
        assertThat(f.retryAfter("10.0.0.1")).as("forgotten: starts over").isZero();
    }

    @Test
    void limitsAreValidatedNamingTheirKey() {
        assertThatThrownBy(() -> new AuthFailureLimit(0, 1, 1)).hasMessageContaining("authFailureRate.perMinute");
        assertThatThrownBy(() -> new AuthFailureLimit(1, 0, 1)).hasMessageContaining("authFailureRate.burst");
        assertThatThrownBy(() -> new AuthFailureLimit(1, 1, 0))
                .hasMessageContaining("authFailureRate.trackedAddresses");
        assertThatThrownBy(() -> new AuthFailureLimit(1, 1, AuthFailureLimit.MAX_TRACKED_ADDRESSES + 1))
                .hasMessageContaining("authFailureRate.trackedAddresses");
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
