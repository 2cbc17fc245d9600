package io.switchboard.ami.internal;

import io.switchboard.ami.ConnectionState;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the client's threads must agree on about its connection: the {@link ConnectionState}, the current
 * transport, whether the client is closing or gave up reconnecting, when the connection was lost, and the user
 * actions held while no connection is ready.
 *
 * <p>One lock guards all of these, because the decisions that read them must be atomic with the changes: an
 * action is held only if the state is not READY at that instant, and becoming READY takes the hold queue in the
 * same step, so no action can slip in between and wait for a connection that is already there. Every method is
 * one such step. The lock is never held while doing I/O or calling out; the only call made under it is the
 * {@link Refusal}, which merely schedules a failure.
 *
 * <p>Callers: {@link SessionKeeper} moves the state through the connection's life, {@link ActionDispatcher}
 * routes actions by it (write now, or hold), {@link DefaultAmiClient} reads it and starts the close.
 */
final class ClientState {
    /** Fails an action that cannot wait for a connection. Called with the lock held: must only schedule. */
    interface Refusal {
        void refuse(PendingAction p, String why);
    }

    /** The actions taken from the hold queue, and the connection that was current when they were taken. */
    record Drained(Transport transport, List<PendingAction> actions) {
    }

    /** A close has begun; {@code ready} is the connection to log off from, null if none is ready. */
    record Closing(Transport ready) {
    }

    private final int maxHeld;
    private final String where;
    private final Refusal refusal;

    /** Guards every field below; never held while doing I/O or calling out. */
    private final Object lock = new Object();
    private ConnectionState state = ConnectionState.CONNECTING;
    private Transport connection;
    private final ArrayDeque<PendingAction> held = new ArrayDeque<>();
    private boolean closing;
    /** No reconnect will come (disabled, or attempts exhausted): actions fail at once instead of waiting. */
    private boolean gaveUp;
    private Instant lostAt;

    /**
     * The user sent Logoff: the server's close that follows ends the client instead of starting a reconnect.
     * Not guarded by the lock: set by a sender, read by the reader thread when the connection ends.
     */
    private volatile boolean loggingOff;

    ClientState(int maxHeld, String where, Refusal refusal) {
        this.maxHeld = maxHeld;
        this.where = where;
        this.refusal = refusal;
    }

    ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    boolean isReady() {
        synchronized (lock) {
            return state == ConnectionState.READY;
        }
    }

    /** The current transport (null before the first attempt), whatever its state. */
    Transport connection() {
        synchronized (lock) {
            return connection;
        }
    }

    /** The current transport if the client is READY, else null. */
    Transport readyConnection() {
        synchronized (lock) {
            return state == ConnectionState.READY ? connection : null;
        }
    }

    boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Throws if the client is closing or closed. */
    void checkOpen() {
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("client is closed");
            }
        }
    }

    void loggingOff() {
        loggingOff = true;
    }

    boolean isLoggingOff() {
        return loggingOff;
    }

    // ---- the connection's life (SessionKeeper) ----------------------------------------------------------

    /** A connection attempt begins on {@code c}: it becomes the current transport. Throws if closing. */
    void connecting(Transport c) {
        synchronized (lock) {
            checkOpen(); // the same lock, so the check and the change are one step
            state = ConnectionState.CONNECTING;
            connection = c;
        }
    }

    void authenticating() {
        synchronized (lock) {
            if (state != ConnectionState.CLOSED) {
                state = ConnectionState.AUTHENTICATING;
            }
        }
    }

    /**
     * {@code c} is logged in: if it is still the current, open connection and the client is not closing, the
     * client becomes READY and the held actions are handed over for writing on it. Null otherwise.
     */
    Drained ready(Transport c) {
        synchronized (lock) {
            if (!closing && connection == c && c.isOpen()) {
                state = ConnectionState.READY;
                return new Drained(c, drainHeld());
            }
            return null;
        }
    }

    /**
     * {@code c} ended because of {@code cause}. If it is the current connection and the client is not closing,
     * the state becomes LOST (and the time of the loss is noted if it was READY). Returns whether a READY
     * connection was lost; false for a discarded connection, a close we asked for, or a connection that never
     * got ready.
     */
    boolean lost(Transport c, Throwable cause) {
        synchronized (lock) {
            if (c != connection || cause == null || closing) {
                return false;
            }
            boolean wasReady = state == ConnectionState.READY;
            state = ConnectionState.LOST;
            if (wasReady) {
                lostAt = Instant.now();
            }
            return wasReady;
        }
    }

    /** When the last READY connection was lost (the start of the gap a RESTORED event reports). */
    Instant lostAt() {
        synchronized (lock) {
            return lostAt;
        }
    }

    /** A reconnect is coming: the state becomes RECONNECTING. False (and no change) if the client is closing. */
    boolean reconnecting() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            state = ConnectionState.RECONNECTING;
            return true;
        }
    }

    /** No reconnect will come: from now on actions fail at once. Returns the actions that were held. */
    List<PendingAction> giveUp() {
        synchronized (lock) {
            gaveUp = true;
            List<PendingAction> waiting = drainHeld();
            if (state != ConnectionState.CLOSED) {
                state = ConnectionState.LOST;
            }
            return waiting;
        }
    }

    // ---- closing (DefaultAmiClient) ---------------------------------------------------------------------

    /** Marks the client closing; null if it already was (the close is then someone else's). */
    Closing startClosing() {
        synchronized (lock) {
            if (closing) {
                return null;
            }
            closing = true;
            Transport c = connection;
            boolean ready = state == ConnectionState.READY && c != null && c.isOpen();
            return new Closing(ready ? c : null);
        }
    }

    /** The client is CLOSED: returns the connection to close and the actions that were held. */
    Drained shutdown() {
        synchronized (lock) {
            closing = true;
            state = ConnectionState.CLOSED;
            return new Drained(connection, drainHeld());
        }
    }

    // ---- routing actions (ActionDispatcher) -------------------------------------------------------------

    /** The connection to write {@code p} on if the client is READY; otherwise holds {@code p} and returns null. */
    Transport readyOrHold(PendingAction p) {
        synchronized (lock) {
            if (state != ConnectionState.READY) {
                holdLocked(p);
                return null;
            }
            return connection;
        }
    }

    /**
     * For an action stranded on {@code dead}: the current connection if it is another one, READY and open;
     * otherwise holds {@code p} and returns null.
     */
    Transport otherReadyOrHold(PendingAction p, Transport dead) {
        synchronized (lock) {
            if (state == ConnectionState.READY && connection != dead && connection.isOpen()) {
                return connection;
            }
            holdLocked(p);
            return null;
        }
    }

    /** Holds {@code p} until a connection is ready (or refuses it, see {@link #holdLocked}). */
    void hold(PendingAction p) {
        synchronized (lock) {
            holdLocked(p);
        }
    }

    /** Queues {@code p}, unless no connection will come or the queue is full: then it is refused (NOT_SENT). */
    private void holdLocked(PendingAction p) {
        if (closing || gaveUp) {
            refusal.refuse(p, "was not sent: not connected to " + where);
            return;
        }
        held.removeIf(PendingAction::isSettled);
        if (held.size() >= maxHeld) {
            refusal.refuse(p, "was not sent: " + held.size() + " actions already wait for the connection to "
                    + where);
            return;
        }
        held.addLast(p);
    }

    private List<PendingAction> drainHeld() {
        List<PendingAction> all = new ArrayList<>(held);
        held.clear();
        return all;
    }
}
