package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.AmiTransport;
import io.switchboard.ami.AuthType;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.ami.ConnectionLostException.Outcome;
import io.switchboard.ami.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection's life: opens a transport, logs in, re-applies the session's event mask and filters, decides
 * what a connection's end means (the user's Logoff, a loss to recover from, or the end of trying), reconnects
 * with backoff, logs off on close, and tells the connection listeners. It moves the shared {@link ClientState};
 * what happens to the actions themselves on a loss is the {@link ActionDispatcher}'s part, called from here.
 * Logs under {@link DefaultAmiClient}'s name, like the rest of the client.
 */
final class SessionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAmiClient.class);

    private final AmiConfig config;
    private final String where;
    private final ClientExecutors executors;
    private final ClientState state;
    private final ActionDispatcher dispatcher;
    /** Reads every transport's packets, and is closed when the server hangs up after the user's Logoff. */
    private final DefaultAmiClient client;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    /** Filter actions the user added, re-applied after every reconnect. */
    private final List<Action> filters = new CopyOnWriteArrayList<>();
    private volatile String eventMask;
    private volatile String banner = "";

    SessionKeeper(AmiConfig config, String where, ClientExecutors executors, ActionDispatcher dispatcher,
                  DefaultAmiClient client) {
        this.config = config;
        this.where = where;
        this.executors = executors;
        this.state = dispatcher.state();
        this.dispatcher = dispatcher;
        this.client = client;
        if (config.connectionListener() != null) {
            listeners.add(config.connectionListener());
        }
    }

    /** The greeting of the last connection that sent one; "" before. */
    String banner() {
        return banner;
    }

    /** The user's event mask, applied again on every new connection. */
    void rememberEventMask(String mask) {
        eventMask = mask;
    }

    /** A filter the user added, applied again on every new connection. */
    void rememberFilter(Action filter) {
        filters.add(filter);
    }

    List<ConnectionListener> listeners() {
        return listeners;
    }

    // ---- establishing a session -------------------------------------------------------------------------

    /** A new session over the configured transport. */
    private Transport newTransport() {
        return config.transport() == AmiTransport.HTTP ? new HttpTransport(config, client)
                : new Connection(config, client, executors.writer());
    }

    /**
     * Opens a connection, logs in and re-applies mask and filters. Returns the actions held meanwhile, for
     * {@link ActionDispatcher#release} once listeners have heard about the new connection.
     */
    ClientState.Drained establish() {
        Transport c = newTransport();
        state.connecting(c);
        try {
            c.open();
        } catch (IOException e) {
            c.close();
            throw new ConnectionLostException("cannot connect to " + where + ": " + e.getMessage(), Outcome.NOT_SENT,
                    e);
        }
        try {
            banner = c.banner().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            state.authenticating();
            login(c);
            reapplySession(c);
        } catch (TimeoutException e) {
            c.close();
            throw new AmiTimeoutException("no AMI banner from " + where + " within " + config.connectTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new AmiException("interrupted while connecting", e);
        } catch (ExecutionException e) {
            c.close();
            throw new ConnectionLostException("connection to " + where + " ended before the banner: "
                    + e.getCause().getMessage(), Outcome.NOT_SENT, e.getCause());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        ClientState.Drained release = state.ready(c);
        if (release == null) {
            c.close();
            throw new ConnectionLostException("connection to " + where + " ended during login", Outcome.NOT_SENT);
        }
        LOG.info("Logged in to {} as {} ({})", where, config.username(), banner);
        return release;
    }

    /**
     * Logs in (after an MD5 Challenge, if configured). Each of these gets the connect timeout, not the action
     * timeout: a server that greets but never answers the login must fail the connect (or this reconnect
     * attempt) as promptly as one that never greets.
     */
    private void login(Transport c) {
        Action login = Action.named("Login").header("Username", config.username()).timeout(config.connectTimeout());
        if (config.authType() == AuthType.MD5) {
            Response challenge;
            try {
                challenge = dispatcher.sendInternal(c, Action.named("Challenge").header("AuthType", "MD5")
                        .timeout(config.connectTimeout()));
            } catch (ActionFailedException e) {
                // A server that will not do MD5 refuses the login as surely as a wrong secret: same exception,
                // so the first connect says why and a reconnect reports LOGIN_FAILED instead of a bare failure.
                throw new AuthenticationException("server " + where + " refused the MD5 Challenge for '"
                        + config.username() + "': " + e.response().message(), e);
            }
            String text = challenge.get("Challenge");
            if (text == null) {
                throw new AuthenticationException("server " + where + " sent no MD5 challenge");
            }
            login = login.header("AuthType", "MD5").header("Key", Md5.hex(text + nullToEmpty(config.secret())));
        } else {
            login = login.header("Secret", nullToEmpty(config.secret()));
        }
        if (config.events() != null) {
            login = login.header("Events", config.events());
        }
        try {
            dispatcher.sendInternal(c, login);
        } catch (ActionFailedException e) {
            // Not logged here: the first connect throws it to the caller, a reconnect logs and publishes it.
            throw new AuthenticationException("login as '" + config.username() + "' refused by " + where + ": "
                    + e.response().message());
        }
    }

    /** After a reconnect: the event mask and filters the user set on the previous session. */
    private void reapplySession(Transport c) {
        String mask = eventMask;
        if (mask != null) {
            reapply(c, Action.named("Events").header("EventMask", mask));
        }
        for (Action filter : filters) {
            reapply(c, filter);
        }
    }

    /** A refused re-apply is logged, not fatal: the session works, with what the server accepted. */
    private void reapply(Transport c, Action action) {
        try {
            dispatcher.sendInternal(c, action);
        } catch (ActionFailedException e) {
            LOG.warn("Re-applying {} after reconnect to {} was refused: {}", action, where,
                    e.response().message());
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---- the end of a connection ------------------------------------------------------------------------

    /** A transport ended (on its delivery thread, after its last packet): see {@link Transport.Listener}. */
    void onClosed(Transport c, Throwable cause) {
        if (state.isLoggingOff() && c == state.connection()) {
            // After the user's Logoff the server hangs up: that is the end of this client, not a loss (also when
            // the Logoff waited out an outage and went out on a later connection).
            dispatcher.failHousekeeping(c, cause);
            executors.worker().execute(client::close);
            return;
        }
        boolean wasReady = state.lost(c, cause);
        dispatcher.failHousekeeping(c, cause);
        if (!wasReady) {
            // A discarded connection, a close we asked for, or a connection that never got ready: establish()
            // reports that failure itself.
            return;
        }
        LOG.warn("Connection to {} lost: {}", where, cause.getMessage());
        publish(ConnectionEvent.Type.LOST, cause, null, 0);
        if (config.reconnect()) {
            dispatcher.settleInFlight(c, cause);
            scheduleReconnect(1);
        } else {
            giveUp(cause);
            dispatcher.failUnsent(c.drainUnwritten(), "connection lost", cause);
            dispatcher.failPending("connection lost", cause);
        }
    }

    private void scheduleReconnect(int attempt) {
        if (config.maxReconnectAttempts() > 0 && attempt > config.maxReconnectAttempts()) {
            giveUp(new ConnectionLostException("gave up reconnecting to " + where + " after "
                    + config.maxReconnectAttempts() + " attempts", Outcome.NOT_SENT));
            return;
        }
        Duration delay = config.backoff().delay(attempt);
        if (!state.reconnecting()) {
            return;
        }
        LOG.info("Reconnecting to {} in {} ms (attempt {})", where, delay.toMillis(), attempt);
        try {
            executors.timer().schedule(() -> executors.worker().execute(() -> reconnect(attempt)),
                    delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Client shut down; no reconnect");
        }
    }

    private void reconnect(int attempt) {
        if (state.isClosing()) {
            return;
        }
        publish(ConnectionEvent.Type.RECONNECTING, null, null, attempt);
        ClientState.Drained held;
        try {
            held = establish();
        } catch (AuthenticationException e) {
            LOG.warn("Reconnect attempt {}: {}", attempt, e.getMessage());
            publish(ConnectionEvent.Type.LOGIN_FAILED, e, null, attempt);
            scheduleReconnect(attempt + 1);
            return;
        } catch (RuntimeException e) {
            LOG.info("Reconnect attempt {} to {} failed: {}", attempt, where, e.getMessage());
            scheduleReconnect(attempt + 1);
            return;
        }
        Instant gapStart = state.lostAt();
        // Listeners hear of the gap before any action held during it completes.
        publish(ConnectionEvent.Type.RESTORED, null, gapStart, attempt);
        dispatcher.release(held);
    }

    /** No more reconnects: everything waiting fails as never sent. */
    private void giveUp(Throwable cause) {
        dispatcher.failUnsent(state.giveUp(), "not connected", cause);
        LOG.warn("Not reconnecting to {}: {}", where, cause.getMessage());
    }

    // ---- closing and telling listeners ------------------------------------------------------------------

    /** Logs off from a ready connection and waits (at most the close timeout) for the server's Goodbye. */
    void logoff(Transport c) {
        try {
            c.expectClose();
            PendingAction logoff = dispatcher.registerInternal(c,
                    Action.named("Logoff").timeout(config.closeTimeout()));
            c.write(logoff);
            logoff.result.get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("No Goodbye from {}: {}", where, e.toString());
        }
    }

    /** Tells the metrics and every connection listener; a throwing listener is logged and the others still hear. */
    void publish(ConnectionEvent.Type type, Throwable cause, Instant gapStart, int attempt) {
        ConnectionEvent event = new ConnectionEvent(type, Instant.now(), cause, gapStart, attempt);
        config.metrics().connectionEvent(event);
        for (ConnectionListener l : listeners) {
            try {
                l.onConnectionEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Connection listener threw on {}", type, e);
            }
        }
    }
}
