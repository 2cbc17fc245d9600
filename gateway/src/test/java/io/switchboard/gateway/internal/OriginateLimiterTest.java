package io.switchboard.gateway.internal;

import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.RateLimit;
import io.switchboard.gateway.Role;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OriginateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final OriginateLimiter limiter = new OriginateLimiter(new RateLimit(6, 2), now::get);
    private final ApiToken a = new ApiToken("a", ApiToken.sha256Hex("a"), Role.OPERATOR);

    @Test
    void aBurstThenTheRate() {
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isZero();
        // 6 a minute: one every 10 s.
        assertThat(limiter.acquire(a)).isEqualTo(10);
        advance(4);
        assertThat(limiter.acquire(a)).isEqualTo(6);
        advance(6);
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isEqualTo(10);
    }

    @Test
    void theBucketRefillsOnlyUpToTheBurst() {
        advance(3600);
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isZero();
        assertThat(limiter.acquire(a)).isPositive();
    }

    @Test
    void eachTokenHasItsOwnBucketAndMayHaveItsOwnLimit() {
        ApiToken b = new ApiToken("b", ApiToken.sha256Hex("b"), Role.OPERATOR, new RateLimit(60, 1));
        limiter.acquire(a);
        limiter.acquire(a);
        assertThat(limiter.acquire(b)).isZero();
        assertThat(limiter.acquire(b)).isEqualTo(1);
        assertThat(limiter.acquire(a)).isPositive();
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
