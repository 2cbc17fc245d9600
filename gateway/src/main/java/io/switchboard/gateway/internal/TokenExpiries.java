package io.switchboard.gateway.internal;

import io.switchboard.gateway.ApiToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which configured tokens have expired, and one log line per token when it does: at start-up for a token already
 * expired, else when its instant comes (a timer task), or at its first refused use should that come first. The
 * line names the token's name and expiry, never the token or its hash.
 */
final class TokenExpiries {
    private static final Logger LOG = LoggerFactory.getLogger(TokenExpiries.class);
    /** Expiries further away are not put on the timer (its delay is a long of nanoseconds); a use reports them. */
    private static final Duration LONGEST_DELAY = Duration.ofDays(365L * 100);

    private final Clock clock;
    private final Consumer<ApiToken> reporter;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** Reports to the log; schedules the future expiries on {@code timer}, which the gateway owns. */
    TokenExpiries(List<ApiToken> tokens, Clock clock, ScheduledExecutorService timer) {
        this(tokens, clock, timer, t -> LOG.warn("API token '{}' ({}) expired at {}: it is refused from now on"
                + " (401 token_expired)", t.name(), t.role().name().toLowerCase(java.util.Locale.ROOT), t.expires()));
    }

    /** With a reporter instead of the log, for tests. */
    TokenExpiries(List<ApiToken> tokens, Clock clock, ScheduledExecutorService timer, Consumer<ApiToken> reporter) {
        this.clock = clock;
        this.reporter = reporter;
        Instant now = clock.instant();
        for (ApiToken t : tokens) {
            if (t.expires() == null) {
                continue;
            }
            if (t.expiredAt(now)) {
                report(t);
            } else if (Duration.between(now, t.expires()).compareTo(LONGEST_DELAY) < 0) {
                try {
                    timer.schedule(() -> report(t), Duration.between(now, t.expires()).toMillis() + 1,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    LOG.debug("token expiry not scheduled: the gateway is stopping", e);
                }
            }
        }
    }

    /** Whether {@code token} is expired now; reports it if that was not done yet. */
    boolean expired(ApiToken token) {
        if (!token.expiredAt(clock.instant())) {
            return false;
        }
        report(token);
        return true;
    }

    private void report(ApiToken t) {
        if (reported.add(t.sha256())) {
            reporter.accept(t);
        }
    }
}
