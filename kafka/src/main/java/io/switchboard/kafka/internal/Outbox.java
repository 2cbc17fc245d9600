package io.switchboard.kafka.internal;

import io.switchboard.kafka.BufferOverflow;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between the AMI event threads and the sender thread. {@link #offer} never blocks: when the
 * buffer is full by count or bytes the {@link BufferOverflow} policy discards a record and the caller is told how
 * many were discarded, so it can count and log them.
 */
public final class Outbox {
    private final int maxRecords;
    private final long maxBytes;
    private final BufferOverflow policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<OutRecord> queue = new ArrayDeque<>();
    private long bytes;

    public Outbox(int maxRecords, long maxBytes, BufferOverflow policy) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.policy = policy;
    }

    /**
     * Adds a record, discarding by policy when full.
     *
     * @return the number of records discarded to make this decision (0 when it fit; with DROP_NEWEST 1 means the
     *         offered record itself was discarded)
     */
    public int offer(OutRecord r) {
        long size = r.size();
        lock.lock();
        try {
            int dropped = 0;
            if (policy == BufferOverflow.DROP_NEWEST || size > maxBytes) {
                if (queue.size() >= maxRecords || bytes + size > maxBytes) {
                    return 1;
                }
            } else {
                while (!queue.isEmpty() && (queue.size() >= maxRecords || bytes + size > maxBytes)) {
                    bytes -= queue.pollFirst().size();
                    dropped++;
                }
            }
            queue.addLast(r);
            bytes += size;
            notEmpty.signal();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest record, waiting up to {@code timeoutMillis} for one; null if none came. */
    public OutRecord poll(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            OutRecord r = queue.pollFirst();
            bytes -= r.size();
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the buffer, returning how many records it held. */
    public int clear() {
        lock.lock();
        try {
            int n = queue.size();
            queue.clear();
            bytes = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
