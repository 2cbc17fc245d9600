package io.switchboard.gateway.internal;

import io.switchboard.gateway.AuthFailureLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed token checks per remote address: a token bucket of {@link AuthFailureLimit#burst()} failures refilled
 * at {@link AuthFailureLimit#perMinute()}. An address whose bucket is empty is refused before its token is looked
 * at. Only failures create an entry, and the table holds at most {@link AuthFailureLimit#trackedAddresses()}:
 * beyond that the least recently failing address is forgotten (it starts again with a full bucket), so a flood of
 * addresses costs bounded memory.
 */
final class AuthFailures {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);

    private final AuthFailureLimit limit;
    private final LongSupplier nanoTime;
    /** Access order: the first entry is the least recently touched. Guarded by {@code this}. */
    private final LinkedHashMap<String, Bucket> table = new LinkedHashMap<>(64, 0.75f, true);

    /** On the system clock. */
    AuthFailures(AuthFailureLimit limit) {
        this(limit, System::nanoTime);
    }

    /** With a clock, for tests. */
    AuthFailures(AuthFailureLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /** 0 when {@code address} may try a token, else the whole seconds until it may again (at least 1). */
    synchronized long retryAfter(String address) {
        Bucket b = table.get(address);
        if (b == null) {
            return 0;
        }
        b.refill(nanoTime.getAsLong());
        return b.bucket.hasToken() ? 0 : b.bucket.secondsUntilToken();
    }

    /**
     * Counts a wrong token from {@code address}. Returns true when this failure starts a refusal that was not yet
     * announced: the caller logs it then, once per address until its bucket is full again, not once per request.
     */
    boolean failed(String address) {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            Bucket b = table.get(address);
            if (b == null) {
                if (table.size() >= limit.trackedAddresses()) {
                    Iterator<Map.Entry<String, Bucket>> eldest = table.entrySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
                b = new Bucket(now);
                table.put(address, b);
            }
            b.refill(now);
            b.bucket.take();
            if (b.bucket.hasToken() || b.announced) {
                return false;
            }
            b.announced = true;
            wait = b.bucket.secondsUntilToken();
        }
        LOG.warn("refusing token checks from {} for {} s: more than {} wrong tokens (then {} a minute)", address,
                wait, limit.burst(), limit.perMinute());
        return true;
    }

    /** Addresses remembered now. */
    synchronized int tracked() {
        return table.size();
    }

    /** An address's failures, and whether the refusal they caused was logged. */
    private final class Bucket {
        private final TokenBucket bucket;
        /** Whether the refusal now under way was logged; cleared once the bucket is full again. */
        private boolean announced;

        Bucket(long now) {
            this.bucket = new TokenBucket(limit.burst(), limit.perMinute(), now);
        }

        void refill(long now) {
            bucket.refill(now);
            if (bucket.isFull()) {
                announced = false;
            }
        }
    }
}
