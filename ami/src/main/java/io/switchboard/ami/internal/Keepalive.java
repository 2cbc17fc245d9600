package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds half-open connections: when nothing was read for the keepalive interval, a {@code Ping}; no answer
 * within the keepalive timeout and still nothing read means the socket is dead without knowing it, so it is
 * aborted. A write blocked for longer than the keepalive timeout (a server that writes but no longer reads) is
 * aborted too, which the {@link SessionKeeper} then treats as any other loss (reconnect). Runs on the timer thread.
 * Logs under {@link DefaultAmiClient}'s name, like the rest of the client.
 */
final class Keepalive {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);

    private final AmiConfig config;
    private final String where;
    private final ScheduledExecutorService timer;
    /** Registers the Ping; its state tells whether there is a ready connection to ping. */
    private final ActionDispatcher dispatcher;
    private ScheduledFuture<?> task;
    /** A Ping is out: no second one until it is answered or times out. */
    private volatile boolean inFlight;

    Keepalive(AmiConfig config, String where, ScheduledExecutorService timer, ActionDispatcher dispatcher) {
        this.config = config;
        this.where = where;
        this.timer = timer;
        this.dispatcher = dispatcher;
    }

    /** Starts the idle check (twice per interval), unless keepalive is off. */
    void start() {
        Duration interval = config.keepaliveInterval();
        if (interval == null) {
            return;
        }
        long period = Math.max(1, interval.toNanos() / 2);
        task = timer.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Pings an idle connection; a Ping unanswered within the keepalive timeout means half-open: drop it. */
    private void checkIdle() {
        Transport c = dispatcher.state().readyConnection();
        if (c == null) {
            return;
        }
        long blocked = c.writeBlockedNanos();
        if (blocked >= config.keepaliveTimeout().toNanos()) {
            // The server still writes (events) but stopped reading: a Ping could not even be written, and the
            // thread stuck in the write (maybe a caller of send()) would wait past every deadline. Drop it.
            LOG.warn("A write to {} has been blocked for {} ms: the server stopped reading, dropping the connection",
                    where, blocked / 1_000_000);
            c.abort(new IOException("server stopped reading: a write was blocked for more than "
                    + config.keepaliveTimeout()));
            return;
        }
        if (inFlight) {
            return;
        }
        if (c.idleNanos() < config.keepaliveInterval().toNanos()) {
            return;
        }
        inFlight = true;
        PendingAction ping = dispatcher.registerInternal(c, Action.named("Ping").timeout(config.keepaliveTimeout()));
        ping.result.whenComplete((r, e) -> {
            inFlight = false;
            if (e instanceof AmiTimeoutException && c.idleNanos() >= config.keepaliveTimeout().toNanos()) {
                LOG.warn("No answer to keepalive Ping from {} within {}: connection is half-open, dropping it",
                        where, config.keepaliveTimeout());
                c.abort(new IOException("no answer to keepalive Ping within " + config.keepaliveTimeout()
                        + " (half-open connection)"));
            }
        });
        c.write(ping);
    }
}
