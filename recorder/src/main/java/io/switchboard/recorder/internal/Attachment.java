package io.switchboard.recorder.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.ConnectionState;
import io.switchboard.ami.Event;
import io.switchboard.ami.EventList;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One AmiClient recorded under a server name: a BLOCK subscription to the events the tracker needs (a full
 * spool therefore stops the client's reader, i.e. TCP backpressure, instead of dropping events) and a
 * connection listener that reconciles the open set after each reconnect.
 */
public final class Attachment implements AutoCloseable, ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Attachment.class);
    private static final Set<String> EVENTS = Set.of("cdr", "newchannel", "newstate", "dialbegin", "hangup");

    private static final long CONFIRM_DELAY_MS = 500;

    private final ServerTracker tracker;
    private final AmiClient client;
    private final ExecutorService reconciler;
    private final int capacity;
    private Subscription subscription;
    private volatile boolean closed;

    public Attachment(ServerTracker tracker, AmiClient client, ExecutorService reconciler, int capacity) {
        this.tracker = tracker;
        this.client = client;
        this.reconciler = reconciler;
        this.capacity = capacity;
    }

    public void start() {
        subscription = client.subscribe(e -> EVENTS.contains(e.name().toLowerCase(Locale.ROOT)), this::onEvent,
                capacity, OverflowPolicy.BLOCK);
        client.addConnectionListener(this);
        if (client.state() == ConnectionState.READY) {
            // Start-up (possibly after a crash): whatever the durable open set holds may have ended meanwhile.
            scheduleReconcile(System.currentTimeMillis());
        }
    }

    private void onEvent(Event e) {
        try {
            tracker.onEvent(e, System.currentTimeMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onConnectionEvent(ConnectionEvent event) {
        if (event.type() == ConnectionEvent.Type.RESTORED) {
            long gap = event.gapStart() != null ? event.gapStart().toEpochMilli() : event.at().toEpochMilli();
            scheduleReconcile(gap);
        }
    }

    private void scheduleReconcile(long gapMs) {
        try {
            reconciler.execute(() -> reconcile(gapMs));
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: recorder closing, reconciliation skipped", tracker.server());
        }
    }

    private void reconcile(long gapMs) {
        if (closed) {
            return;
        }
        try {
            // Two looks, a moment apart: a channel counts as gone only if missing from both. Events and list
            // responses travel separately, so one list can miss a channel whose Newchannel was already read.
            Map<String, Event> first = new HashMap<>();
            long firstSeq = list(first);
            Set<String> candidates = tracker.missing(first, firstSeq);
            if (!candidates.isEmpty()) {
                Thread.sleep(CONFIRM_DELAY_MS);
            }
            Map<String, Event> second = new HashMap<>();
            long secondSeq = list(second);
            tracker.reconcile(second, secondSeq, candidates, gapMs, System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Not fatal: the open set stays, and the next reconnect reconciles again.
            LOG.warn("{}: gap reconciliation failed: {}", tracker.server(), e.toString());
        }
    }

    /** Runs CoreShowChannels into {@code present}; returns the list's end sequence once events up to it are in. */
    private long list(Map<String, Event> present) throws InterruptedException {
        EventList list = client.sendList(Action.named("CoreShowChannels"));
        long listSeq = list.complete() == null ? Long.MAX_VALUE : list.complete().sequence();
        // Events read before the list's end are applied first, or a channel that hung up just before the list
        // would be reconciled although its Hangup/Cdr is still queued.
        while (!closed && tracker.lastSequence() < listSeq && subscription.stats().queued() > 0) {
            Thread.sleep(5);
        }
        for (Event item : list.items()) {
            String uid = item.get("Uniqueid");
            if (uid != null && !uid.isEmpty()) {
                present.put(uid, item);
            }
        }
        return listSeq;
    }

    @Override
    public void close() {
        closed = true;
        client.removeConnectionListener(this);
        if (subscription != null) {
            subscription.close();
        }
    }
}
