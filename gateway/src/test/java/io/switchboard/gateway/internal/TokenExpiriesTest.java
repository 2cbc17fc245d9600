package io.switchboard.gateway.internal;

import io.switchboard.gateway.ApiToken;
import io.switchboard.gateway.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each expiring token is reported exactly once: at start when already expired, else when it expires. */
class TokenExpiriesTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> reported = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static ApiToken token(String name, Instant expires) {
        return new ApiToken(name, ApiToken.sha256Hex(name + "-secret"), Role.VIEWER, null, expires);
    }

    @Test
    void anExpiredTokenIsReportedOnceAtStartAndAFutureOneWhenItExpires() {
        Instant now = Instant.now();
        ApiToken old = token("old", now.minusSeconds(60));
        ApiToken soon = token("soon", now.plusMillis(300));
        ApiToken later = token("later", Instant.parse("9999-12-31T23:59:59Z"));
        ApiToken never = token("never", null);
        TokenExpiries e = new TokenExpiries(List.of(old, soon, later, never), Clock.systemUTC(), timer,
                t -> reported.add(t.name()));
        assertThat(reported).containsExactly("old");
        assertThat(e.expired(old)).isTrue();
        assertThat(e.expired(old)).isTrue();
        assertThat(e.expired(later)).isFalse();
        assertThat(e.expired(never)).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> reported.size() == 2);
        assertThat(e.expired(soon)).isTrue();
        assertThat(reported).containsExactly("old", "soon");
    }

    @Test
    void aUseBeforeTheTimerReportsItOnceAndTheTimerThenNot() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        ApiToken t = token("t", start.plusSeconds(10));
        // The clock the checks see is past the expiry; the timer task, an hour away, never runs in this test.
        TokenExpiries e = new TokenExpiries(List.of(t), Clock.fixed(start, java.time.ZoneOffset.UTC), timer,
                x -> reported.add(x.name()));
        assertThat(reported).isEmpty();
        TokenExpiries late = new TokenExpiries(List.of(t), Clock.fixed(start.plusSeconds(3600),
                java.time.ZoneOffset.UTC), timer, x -> reported.add("late:" + x.name()));
        assertThat(e.expired(t)).isFalse();
        assertThat(late.expired(t)).isTrue();
        assertThat(late.expired(t)).isTrue();
        assertThat(reported).containsExactly("late:t");
    }

    @Test
    void theTokenDescribesItselfWithoutItsHash() {
        ApiToken t = token("ops", Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(t.toString()).contains("ops", "2027-01-31T00:00:00Z").doesNotContain(t.sha256(), "ops-secret");
        assertThat(t.expiredAt(Instant.parse("2027-01-31T00:00:00Z"))).isTrue();
        assertThat(t.expiredAt(Instant.parse("2027-01-30T23:59:59Z"))).isFalse();
    }
}
