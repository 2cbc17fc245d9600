package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiMetrics;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.ConnectionLostException.Outcome;
import io.switchboard.ami.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The sending side of the client: gives each action an ActionID and a deadline in the {@link PendingRegistry},
 * writes it on the ready connection or holds it (in {@link ClientState}) while there is none, moves actions
 * stranded on a dead transport, sweeps the deadlines, and settles the fate of actions when a connection is lost
 * or the client closes. The reader's side of the registry (answers arriving) is {@link DefaultAmiClient#onPacket}.
 *
 * <p>It creates the {@link ClientState} it shares with {@link SessionKeeper}, since holding an action may refuse
 * it, and a refused action fails here. Logs under {@link DefaultAmiClient}'s name, like the rest of the client.
 */
final class ActionDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);
    private static final long DEADLINE_SWEEP_MILLIS = 10;

    private final AmiConfig config;
    private final String where;
    private final ClientExecutors executors;
    private final ActionIds ids;
    private final PendingRegistry pending = new PendingRegistry();
    private final ClientState state;

    ActionDispatcher(AmiConfig config, String where, ClientExecutors executors) {
        this.config = config;
        this.where = where;
        this.executors = executors;
        this.ids = new ActionIds(config.actionIdPrefix());
        this.state = new ClientState(config.maxHeldActions(), where, this::failLater);
    }

    /** The state this dispatcher routes by, for the other parts of the client. */
    ClientState state() {
        return state;
    }

    /** The registry, for the reader thread's lookup of answers (no call through this class per packet). */
    PendingRegistry pending() {
        return pending;
    }

    /**
     * Fails every action past its deadline. One sweep every few milliseconds instead of a timer task per action:
     * sending stays cheap, and no deadline is missed by more than the sweep period.
     */
    void startDeadlineSweep() {
        executors.timer().scheduleWithFixedDelay(this::sweepDeadlines, DEADLINE_SWEEP_MILLIS, DEADLINE_SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    // ---- registering and writing ------------------------------------------------------------------------

    /** Registers an action with its deadline; does not write it. */
    PendingAction register(Action action, String awaitedEvent, boolean internal) {
        Objects.requireNonNull(action, "action");
        String id = action.actionId().orElseGet(ids::next);
        Duration timeout = action.timeout().orElse(config.actionTimeout());
        PendingAction p = new PendingAction(action, id, awaitedEvent, internal, timeout);
        if (!pending.register(p)) {
            throw new IllegalArgumentException("ActionID " + id + " is already in use by a pending action");
        }
        if (config.metrics() != AmiMetrics.NONE) {
            p.result.whenComplete((r, e) -> {
                if (r != null || e instanceof ActionFailedException) {
                    config.metrics().actionCompleted(action.name(),
                            Duration.ofNanos(System.nanoTime() - p.submittedNanos), r != null);
                }
            });
        }
        return p;
    }

    /** Registers client housekeeping that belongs to connection {@code c} alone; the caller writes it. */
    PendingAction registerInternal(Transport c, Action action) {
        PendingAction p = register(action, null, true);
        p.transport = c;
        return p;
    }

    /** Sends client housekeeping on one specific connection and waits for the answer. */
    Response sendInternal(Transport c, Action action) {
        PendingAction p = registerInternal(c, action);
        c.write(p);
        if (!c.isOpen()) {
            // Closed before or while we registered: whoever closed it may have failed the pending actions (and
            // stopped the deadline sweep) before ours was there, so nobody else would ever fail it.
            failHousekeepingAction(p, null);
        }
        return join(p.result).response();
    }

    /**
     * A user action: registered, then written (now, or soon by the writer thread when {@code async}) or held
     * until the connection is ready.
     */
    PendingAction submit(Action action, String awaitedEvent, boolean async) {
        state.checkOpen();
        PendingAction p = register(action, awaitedEvent, false);
        if (action.name().equalsIgnoreCase("Logoff")) {
            state.loggingOff();
            Transport c = state.connection();
            if (c != null) {
                c.expectClose();
            }
        }
        dispatch(p, async);
        return p;
    }

    private void dispatch(PendingAction p, boolean async) {
        Transport c = state.readyOrHold(p);
        if (c == null) {
            return;
        }
        if (async) {
            c.writeSoon(p);
        } else {
            c.write(p);
        }
        if (!c.isOpen()) {
            rescue(c);
        }
    }

    /** Moves actions stranded in a dead connection's queue to the current connection or the hold queue. */
    private void rescue(Transport dead) {
        for (PendingAction p : dead.drainUnwritten()) {
            Transport target = state.otherReadyOrHold(p, dead);
            if (target != null) {
                target.write(p);
            }
        }
    }

    /** Writes the held actions, in the order they were held. */
    void release(ClientState.Drained held) {
        for (PendingAction p : held.actions()) {
            if (!p.isSettled()) {
                if (p.resent) {
                    config.metrics().actionResent(p.action.name());
                }
                held.transport().write(p);
            }
        }
    }

    // ---- settling on a loss or close --------------------------------------------------------------------

    /**
     * Fails the housekeeping actions of a dead connection (e.g. a Login that will never be answered), and only
     * its own: a late report from a discarded connection must not fail the next attempt's Login.
     */
    void failHousekeeping(Transport c, Throwable cause) {
        for (PendingAction p : pending.snapshot()) {
            if (p.internal && p.transport == c) {
                failHousekeepingAction(p, cause);
            }
        }
    }

    private void failHousekeepingAction(PendingAction p, Throwable cause) {
        if (pending.remove(p)) {
            String why = cause == null ? "connection closed" : cause.getMessage();
            p.fail(new ConnectionLostException(p + " failed: " + why, p.written ? Outcome.UNKNOWN
                    : Outcome.NOT_SENT, cause));
        }
    }

    /** Decides, for each action in flight on a lost connection, between holding it again and failing it. */
    void settleInFlight(Transport c, Throwable cause) {
        List<PendingAction> requeue = new ArrayList<>(c.drainUnwritten());
        for (PendingAction p : pending.snapshot()) {
            if (!p.written || p.internal || p.isSettled()) {
                continue; // unwritten ones are in requeue or already held
            }
            if (p.awaitingEventOnly()) {
                lose(p, Outcome.UNKNOWN, "its answer came but the connection was lost before its "
                        + "follow-up event", cause);
            } else if (p.action.isResendable()) {
                p.resetForResend();
                requeue.add(p);
            } else {
                lose(p, Outcome.UNKNOWN, "was written but the connection was lost before its answer was complete",
                        cause);
            }
        }
        for (PendingAction p : requeue) {
            state.hold(p);
        }
    }

    /** Fails actions that were never written: NOT_SENT, "was not sent: {@code what}". */
    void failUnsent(Collection<PendingAction> unsent, String what, Throwable cause) {
        for (PendingAction p : unsent) {
            lose(p, Outcome.NOT_SENT, "was not sent: " + what, cause);
        }
    }

    /** Fails every pending action: UNKNOWN if it was written, else NOT_SENT; "failed: {@code what}". */
    void failPending(String what, Throwable cause) {
        for (PendingAction p : pending.snapshot()) {
            lose(p, p.written ? Outcome.UNKNOWN : Outcome.NOT_SENT, "failed: " + what, cause);
        }
    }

    private void lose(PendingAction p, Outcome outcome, String why, Throwable cause) {
        if (pending.remove(p)) {
            config.metrics().actionLost(p.action.name(), outcome);
            p.fail(new ConnectionLostException(p + " " + why + p.listProgress() + " (" + where + ": "
                    + (cause == null ? "closed" : cause.getMessage()) + ")", outcome, cause));
        }
    }

    /** Fails a refused action outside the state's lock (completion runs callbacks). */
    private void failLater(PendingAction p, String why) {
        Runnable fail = () -> lose(p, Outcome.NOT_SENT, why, null);
        try {
            executors.worker().execute(fail);
        } catch (RejectedExecutionException e) {
            // A send that raced close() finds the pool shut down; it must still fail, and not under the lock.
            ForkJoinPool.commonPool().execute(fail);
        }
    }

    // ---- deadlines --------------------------------------------------------------------------------------

    private void sweepDeadlines() {
        try {
            for (PendingAction p : pending.expired(System.nanoTime())) {
                expire(p, p.timeout);
            }
        } catch (RuntimeException e) {
            LOG.error("Deadline sweep failed", e); // never let the periodic task die
        }
    }

    private void expire(PendingAction p, Duration timeout) {
        if (!pending.remove(p)) {
            return;
        }
        boolean connected = state.isReady();
        if (!p.written && !connected && !p.internal) {
            config.metrics().actionLost(p.action.name(), Outcome.NOT_SENT);
            p.fail(new ConnectionLostException(p + " was not sent: no connection to " + where + " within its "
                    + "deadline of " + timeout, Outcome.NOT_SENT));
            return;
        }
        config.metrics().actionTimedOut(p.action.name());
        String progress = p.listProgress();
        String missing = p.result.isDone() ? "follow-up event" : progress.isEmpty() ? "answer" : "end of list";
        p.fail(new AmiTimeoutException(p + " got no " + missing + " within " + timeout + progress
                + (p.written ? "" : " (it was never written)")));
    }

    // ---- waiting ----------------------------------------------------------------------------------------

    /** Waits for an action's future, rethrowing its failure as the AmiException it carries. */
    static <T> T join(CompletableFuture<T> future) {
        // A listener blocking here must not be stalled by its own full BLOCK queue (see EventSubscription).
        EventSubscription listening = future.isDone() ? null : EventSubscription.current();
        if (listening != null) {
            listening.clientCallStarted();
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw asAmi(e.getCause());
        } catch (CancellationException e) {
            throw new AmiException("cancelled", e);
        } finally {
            if (listening != null) {
                listening.clientCallEnded();
            }
        }
    }

    private static RuntimeException asAmi(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r; // AmiException subclasses keep their response/outcome
        }
        return new AmiException(String.valueOf(t), t);
    }
}
