package io.switchboard.kafka.internal;

import io.switchboard.kafka.BufferOverflow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between the AMI event threads and the sender thread. {@link #offer} never blocks: when the
 * buffer is full by count or bytes the {@link BufferOverflow} policy discards records and the caller is told how
 * many, so it can count and log them.
 *
 * <p>Call records are billing data and there are few of them, while an outage brings thousands of events per
 * second: so events are always discarded first. A call record is only discarded when the buffer holds nothing but
 * call records (the oldest one with {@code DROP_OLDEST}, the offered one with {@code DROP_NEWEST}), and an event
 * never displaces one. Records leave in the order they were offered: events and call records are kept apart only
 * to find the victims quickly, and each carries its arrival number.
 */
public final class Outbox {
    private record Entry(long seq, OutRecord record) {
    }

    /** What {@link #offer} did. */
    public record Offered(boolean accepted, int dropped) {
    }

    private final int maxRecords;
    private final long maxBytes;
    private final BufferOverflow policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Entry> events = new ArrayDeque<>();
    private final ArrayDeque<Entry> calls = new ArrayDeque<>();
    private long nextSeq;
    private long bytes;

    public Outbox(int maxRecords, long maxBytes, BufferOverflow policy) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.policy = policy;
    }

    /**
     * Adds a record, discarding by policy when full.
     *
     * @return whether {@code r} was kept, and how many records were discarded in all (including {@code r} itself
     *         when it was not kept)
     */
    public Offered offer(OutRecord r) {
        long size = r.size();
        lock.lock();
        try {
            if (size > maxBytes) {
                return new Offered(false, 1); // would never fit: emptying the buffer for it would not help
            }
            int dropped = 0;
            while (full(size)) {
                Deque<Entry> victims = victims(r);
                if (victims == null) {
                    return new Offered(false, dropped + 1);
                }
                Entry v = policy == BufferOverflow.DROP_OLDEST ? victims.pollFirst() : victims.pollLast();
                bytes -= v.record().size();
                dropped++;
            }
            (r.callRecord() ? calls : events).addLast(new Entry(nextSeq++, r));
            bytes += size;
            notEmpty.signal();
            return new Offered(true, dropped);
        } finally {
            lock.unlock();
        }
    }

    private boolean full(long size) {
        return events.size() + calls.size() >= maxRecords || bytes + size > maxBytes;
    }

    /** Where to discard from to make room for {@code r}; null: discard {@code r} itself. */
    private Deque<Entry> victims(OutRecord r) {
        if (!events.isEmpty() && (policy == BufferOverflow.DROP_OLDEST || r.callRecord())) {
            return events;
        }
        if (r.callRecord() && policy == BufferOverflow.DROP_OLDEST && !calls.isEmpty()) {
            return calls;
        }
        return null;
    }

    /** The oldest record, waiting up to {@code timeoutMillis} for one; null if none came. */
    public OutRecord poll(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (events.isEmpty() && calls.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Deque<Entry> from = calls.isEmpty()
                    || (!events.isEmpty() && events.peekFirst().seq() < calls.peekFirst().seq()) ? events : calls;
            OutRecord r = from.pollFirst().record();
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
            int n = events.size() + calls.size();
            events.clear();
            calls.clear();
            bytes = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return events.size() + calls.size();
        } finally {
            lock.unlock();
        }
    }
}
