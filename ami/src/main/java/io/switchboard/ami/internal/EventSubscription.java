package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;
import io.switchboard.ami.SubscriptionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One subscriber's mailbox: a bounded queue filled by the reader thread and drained, in order, by at most one
 * pool thread at a time. A slow listener holds only its own pool thread, so other subscriptions and the
 * response lane keep moving.
 *
 * <p>When the queue runs empty the drainer does not hand its thread back at once: it parks for up to a
 * millisecond on the same thread, so that at moderate event rates the next event is taken by a thread that is
 * already there, woken by one {@code unpark}, instead of being handed to the pool (a queue transfer, and a new
 * thread whenever no pool thread happens to be waiting at that instant). It does not spin first: on a loaded
 * 2-core machine spinning measured as more CPU per event and no better latency.
 *
 * <p>A reader thread that calls {@link #deferWakeups()} hands events over once per read instead of once per
 * event: while it decodes one read's packets, {@link #offer} only stages the event in an array that belongs to
 * that thread, and {@link #flushWakeups()} after the read moves the staged events into the queue under one lock
 * acquisition and wakes (or submits) the drainer once. Without this, the reader and the drainer meet on the lock
 * for every event, and a listener faster than the reader is woken for every single event (a futex wake on the
 * reader, a context switch on the drainer). Staging is flushed early when a subscription has
 * {@link #DEFER_LIMIT} events staged (or half its capacity), and the overflow policy applies at the flush, so it
 * never delays events by more than one read nor causes drops or waits of its own. Only one thread stages into a
 * subscription at a time: a client has one reader at a time, and it flushes before it reports its end.
 */
final class EventSubscription implements Mailbox, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

    /** Lower-case event names, the only ones {@link #filter} can accept; null when the filter is arbitrary. */
    private final String[] names;
    private final Predicate<Event> filter;
    private final EventListener listener;
    private final int capacity;
    private final OverflowPolicy policy;
    private final Executor executor;
    private final Runnable onClose;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    /** Per reader thread that asked for it: subscriptions whose drainer must be woken after the current read. */
    private static final ThreadLocal<List<EventSubscription>> DEFERRED = new ThreadLocal<>();
    /** Queued events beyond which an offer wakes the drainer at once even when wakeups are deferred. */
    static final int DEFER_LIMIT = 64;

    /** After the queue empties, stay parked on the pool thread this long at most, waiting for the reader. */
    private static final long PARK_NANOS = 1_000_000;

    /** A drainer owns the mailbox (submitted, running, spinning or parked); only one at a time. */
    private boolean scheduled;
    /** The drainer holds events taken from the queue and not yet delivered. */
    private boolean delivering;
    /** The drainer thread while it is parked waiting for events; the reader unparks it. Lock held to change. */
    private Thread parked;
    private final int deferLimit;
    /** Events staged by the deferring reader thread during its current read; touched by that thread only. */
    private final Event[] staged;
    private int stagedCount;
    /** Whether this subscription is in the deferring thread's list of subscriptions to flush. */
    private boolean listed;
    /** Readers waiting for room under BLOCK: the drainer signals only when someone waits. */
    private int blockedOffers;
    /**
     * Client calls ({@code send}...) the listener is blocked in. While it is, BLOCK must not stop the reader: the
     * answer the listener waits for is behind the events the reader would wait to queue.
     */
    private int listenerInClientCall;
    private boolean warnedOverCapacity;
    /** The subscription whose listener runs on this thread, if any. */
    private static final ThreadLocal<EventSubscription> CURRENT = new ThreadLocal<>();
    /** Events taken from the queue in one go by the drainer (only one drainer runs at a time). */
    private final Event[] batch = new Event[64];
    private volatile boolean active = true;
    private volatile long delivered;
    private long dropped;
    private int maxQueued;

    EventSubscription(String[] names, Predicate<Event> filter, EventListener listener, int capacity,
                      OverflowPolicy policy, Executor executor, Runnable onClose) {
        this.names = names;
        this.filter = filter;
        this.listener = listener;
        this.capacity = capacity;
        this.policy = policy;
        this.executor = executor;
        this.onClose = onClose;
        this.deferLimit = Math.min(DEFER_LIMIT, capacity / 2);
        this.staged = new Event[Math.max(1, deferLimit)];
    }

    /**
     * From now on, offers made on the calling thread stage their events instead of queueing them;
     * the thread must call {@link #flushWakeups()} after each batch of offers and {@link #stopDeferring()}
     * before it does anything else.
     */
    static void deferWakeups() {
        DEFERRED.set(new ArrayList<>());
    }

    /** Queues the events staged on this thread and wakes (or submits) their drainers. */
    static void flushWakeups() {
        List<EventSubscription> list = DEFERRED.get();
        if (list == null || list.isEmpty()) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            EventSubscription s = list.get(i);
            s.listed = false;
            s.flushStaged();
        }
        list.clear();
    }

    /** Flushes, then makes offers on this thread wake drainers at once again. */
    static void stopDeferring() {
        flushWakeups();
        DEFERRED.remove();
    }

    /** Gets a drainer going: submits one, or returns the parked one for the caller to unpark. Lock held. */
    private Thread kickLocked() {
        if (!active) {
            return null;
        }
        if (!scheduled) {
            if (!queue.isEmpty()) {
                scheduled = true;
                schedule();
            }
            return null;
        }
        Thread w = parked;
        parked = null;
        return w;
    }

    /** False when the event packet's name rules it out without running the filter (name subscriptions). */
    boolean mayMatch(Packet packet) {
        if (names == null) {
            return true;
        }
        for (String n : names) {
            if (packet.valueEqualsIgnoreCase(0, n)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(Event event) {
        return accepts(filter, event);
    }

    /** Runs a subscription's filter; one that throws is logged and counts as no. */
    static boolean accepts(Predicate<Event> filter, Event event) {
        try {
            return filter.test(event);
        } catch (RuntimeException e) {
            LOG.warn("Subscription filter threw on {}; event not delivered to it", event.name(), e);
            return false;
        }
    }

    /**
     * Called by the reader thread. May block under {@link OverflowPolicy#BLOCK}; on a deferring thread (see the
     * class comment) the event is only staged, and the queueing happens at the next flush.
     */
    void offer(Event event) {
        List<EventSubscription> deferred = DEFERRED.get();
        if (deferred == null) {
            enqueue(new Event[] {event}, 1); // not a reader's staging array: another thread may own that one
            return;
        }
        if (!listed) {
            listed = true;
            deferred.add(this);
        }
        staged[stagedCount++] = event;
        if (stagedCount >= staged.length) {
            flushStaged(); // stays listed: the flush after the read finds nothing staged and returns
        }
    }

    /** Queues the events staged on this (deferring) thread. */
    private void flushStaged() {
        int n = stagedCount;
        if (n == 0) {
            return;
        }
        stagedCount = 0;
        try {
            enqueue(staged, n);
        } finally {
            Arrays.fill(staged, 0, n, null); // the staged events belong to the queue now
        }
    }

    /** Queues events under one lock, applying the overflow policy, and wakes the drainer once. */
    private void enqueue(Event[] events, int n) {
        Thread wake = null;
        lock.lock();
        try {
            for (int i = 0; i < n && active; i++) {
                Event event = events[i];
                if (queue.size() >= capacity && !overflow(event)) {
                    continue;
                }
                queue.addLast(event);
                if (queue.size() > maxQueued) {
                    maxQueued = queue.size();
                }
            }
            if (!scheduled || parked != null) {
                wake = kickLocked();
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /** Makes room according to the policy; returns false if the event must not be queued. Lock held. */
    private boolean overflow(Event event) {
        switch (policy) {
            case BLOCK:
                Thread wake = kickLocked(); // a deferred wakeup must not wait for a read that cannot come
                if (wake != null) {
                    LockSupport.unpark(wake);
                }
                blockedOffers++;
                try {
                    while (active && queue.size() >= capacity && listenerInClientCall == 0) {
                        notFull.awaitUninterruptibly();
                    }
                } finally {
                    blockedOffers--;
                }
                if (active && queue.size() >= capacity && !warnedOverCapacity) {
                    warnedOverCapacity = true;
                    LOG.warn("Subscription queue full ({} events) while its listener waits for an AMI answer: the "
                            + "queue grows past its capacity until the answer comes, instead of a deadlock", capacity);
                }
                return active;
            case DROP_OLDEST:
                queue.pollFirst();
                dropped++;
                if (dropped == 1 || dropped % 1000 == 0) {
                    LOG.warn("Subscription queue full ({} events): dropped {} oldest event(s) so far", capacity,
                            dropped);
                }
                return true;
            case FAIL:
            default:
                LOG.error("Subscription queue full ({} events) at {}: subscription failed and closed", capacity,
                        event.name());
                dropped += queue.size() + 1;
                closeLocked();
                return false;
        }
    }

    private void schedule() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            // The client is shutting down: nothing will ever drain this queue.
            scheduled = false;
            active = false;
            queue.clear();
        }
    }

    /**
     * Drains the queue on a pool thread, in order: takes up to a batch of events under one lock, then delivers
     * them one by one without the lock, so the reader and the listener rarely meet on it. When the queue is
     * empty, waits briefly for more (see the class comment) before giving the thread back.
     */
    @Override
    public void run() {
        Thread me = Thread.currentThread();
        while (true) {
            int n = 0;
            lock.lock();
            try {
                if (active) {
                    Event e;
                    while (n < batch.length && (e = queue.pollFirst()) != null) {
                        batch[n++] = e;
                    }
                }
                delivering = n > 0;
                if (n == 0) {
                    drained.signalAll();
                    if (!active) {
                        scheduled = false;
                        return;
                    }
                } else if (blockedOffers > 0) {
                    notFull.signalAll();
                }
            } finally {
                lock.unlock();
            }
            if (n == 0) {
                if (awaitMore(me)) {
                    continue;
                }
                return;
            }
            // Set once per batch, not per event: a ThreadLocal set after a remove allocates a weak entry each time.
            CURRENT.set(this);
            try {
                for (int i = 0; i < n; i++) {
                    Event next = batch[i];
                    batch[i] = null;
                    if (!active) {
                        continue; // closed meanwhile: drop the rest of the batch, as close() drops the queue
                    }
                    try {
                        listener.onEvent(next);
                    } catch (RuntimeException | Error e) {
                        LOG.error("Event listener threw on {}; continuing with the next event", next.name(), e);
                    }
                    delivered++;
                }
            } finally {
                CURRENT.remove();
            }
        }
    }

    /**
     * The queue was empty: parks until an event arrives, the subscription closes or the wait ends. Returns true
     * to go on draining, false once the mailbox has been given up ({@code scheduled} cleared under the lock, so
     * the next offer submits a new drainer).
     */
    private boolean awaitMore(Thread me) {
        long parkEnd = System.nanoTime() + PARK_NANOS;
        while (true) {
            lock.lock();
            try {
                parked = null;
                if (!active) {
                    scheduled = false;
                    return false;
                }
                if (!queue.isEmpty()) {
                    return true;
                }
                // An interrupt (pool shutting down) would make parkNanos return at once: give the thread back.
                if (parkEnd - System.nanoTime() <= 0 || me.isInterrupted()) {
                    scheduled = false;
                    return false;
                }
                parked = me;
            } finally {
                lock.unlock();
            }
            LockSupport.parkNanos(this, parkEnd - System.nanoTime());
        }
    }

    /** The subscription whose listener is running on the calling thread, or null. */
    static EventSubscription current() {
        return CURRENT.get();
    }

    /** The listener is about to block in a client call: let a blocked reader go on (see BLOCK in overflow). */
    void clientCallStarted() {
        lock.lock();
        try {
            listenerInClientCall++;
            if (blockedOffers > 0) {
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The listener's client call returned. */
    void clientCallEnded() {
        lock.lock();
        try {
            listenerInClientCall--;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the queue is empty and no delivery runs, or the timeout passes. For orderly shutdown. */
    @Override
    public boolean awaitDrained(long nanos) throws InterruptedException {
        lock.lock();
        try {
            while (active && (delivering || !queue.isEmpty())) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = drained.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SubscriptionStats stats() {
        lock.lock();
        try {
            return new SubscriptionStats(queue.size(), delivered, dropped, maxQueued);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void closeLocked() {
        if (!active) {
            return;
        }
        active = false;
        queue.clear();
        notFull.signalAll();
        drained.signalAll();
        if (parked != null) {
            LockSupport.unpark(parked); // lets the drainer give its thread back now
            parked = null;
        }
        onClose.run();
    }
}
