package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mansession_id} cookie session of the HTTP manager (ami-protocol.md §11): the same {@link LiveSession}
 * logic as a TCP session (login, permissions, actions, mask, filters), run one request at a time, with its reply
 * captured as the HTTP body. Events are never pushed: broadcasts wait in the session's queue until a
 * {@code WaitEvent} collects them (§8.5), filtered by read permission, event mask and filters at that moment.
 *
 * <p>As in Asterisk a new session starts with event mask 0; {@code WaitEvent} turns a 0 mask on, caps its
 * timeout at the session expiry minus 10 s, and a newer {@code WaitEvent} makes an older one give up with an
 * empty body. The expiry moves to now + {@code httptimeout} after each request once logged in (5 s before).
 */
final class HttpAmiSession {
    /** Unauthenticated sessions live this long after their last request (manager.c:8558). */
    private static final long UNAUTHENTICATED_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Most events kept for a session that does not poll; older ones are dropped. */
    private static final int MAX_QUEUED = 100_000;

    private final AmiServer server;
    private final int id;
    private final long timeoutNanos;
    private final HttpSessionSocket socket;
    private final LiveSession protocol;
    private final Connection connection;
    /** Serializes actions (WaitEvent aside), as the session's single request processor. */
    private final Object actionLock = new Object();

    /** Guards everything below; waited on by WaitEvent. */
    private final Object monitor = new Object();
    private final ArrayDeque<ServerEvent> events = new ArrayDeque<>();
    /** Mirror of the LiveSession's event mask, which starts at 0 over HTTP. */
    private int mask;
    private long expiresAt;
    private int inUse;
    private long waitGeneration;
    private boolean destroyed;

    HttpAmiSession(AmiServer server, int id, long number, int localPort, Duration timeout) throws IOException {
        this.server = server;
        this.id = id;
        this.timeoutNanos = timeout.toNanos();
        this.socket = new HttpSessionSocket(localPort);
        this.protocol = new LiveSession(server);
        this.connection = new Connection(socket, server, protocol, number);
        protocol.setEventMask("0");
        this.expiresAt = System.nanoTime() + UNAUTHENTICATED_NANOS;
    }

    int id() {
        return id;
    }

    /** The cookie value, as Asterisk formats it. */
    String cookie() {
        return String.format("\"%08x\"", id);
    }

    boolean loggedIn() {
        return protocol.loggedIn();
    }

    /** Whether Logoff, a failed login or a fault ended the session. */
    boolean isClosed() {
        return connection.isClosed();
    }

    /** Marks a request as running (the session is not purged meanwhile); false if the session is gone. */
    boolean enter(long now) {
        synchronized (monitor) {
            if (destroyed || inUse == 0 && now - expiresAt > 0) {
                return false;
            }
            inUse++;
            return true;
        }
    }

    /** The request ended: the session lives on for {@code httptimeout} (5 s if not logged in). */
    void leave() {
        synchronized (monitor) {
            inUse--;
            expiresAt = System.nanoTime() + (protocol.loggedIn() ? timeoutNanos : UNAUTHENTICATED_NANOS);
        }
    }

    /** Whether the housekeeping may remove it. */
    boolean expired(long now) {
        synchronized (monitor) {
            return destroyed || inUse == 0 && now - expiresAt > 0;
        }
    }

    /** Runs one request (not WaitEvent) as a TCP session would, and returns the reply bytes. */
    byte[] run(Packet request, int remotePort) throws IOException {
        synchronized (actionLock) {
            try {
                server.faults().awaitReadable(connection::isClosed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stalled", e);
            }
            if (connection.isClosed()) {
                throw new IOException("session closed");
            }
            server.recordAction(request);
            boolean wasLoggedIn = protocol.loggedIn();
            socket.begin(remotePort);
            try {
                protocol.onPacket(connection, request);
            } catch (IOException | RuntimeException e) {
                socket.end();
                throw e;
            }
            byte[] reply = socket.end();
            mirrorMask(request, wasLoggedIn);
            return reply;
        }
    }

    /** Follows the mask changes LiveSession makes (Login with Events, the Events action). */
    private void mirrorMask(Packet request, boolean wasLoggedIn) {
        String action = request.get("Action");
        if (action == null || !protocol.loggedIn()) {
            return;
        }
        String name = action.toLowerCase(Locale.ROOT);
        String value = name.equals("login") && !wasLoggedIn ? request.get("Events")
                : name.equals("events") && wasLoggedIn ? request.get("EventMask") : null;
        int parsed = Perms.parseEventMask(value);
        if (parsed >= 0) {
            synchronized (monitor) {
                mask = parsed;
            }
        }
    }

    /** A broadcast event: queued for the next WaitEvent (dropped before login, as for TCP sessions). */
    void offer(ServerEvent event) {
        synchronized (monitor) {
            if (destroyed || !protocol.loggedIn()) {
                return;
            }
            if (events.size() >= MAX_QUEUED) {
                events.pollFirst();
            }
            events.addLast(event);
            monitor.notifyAll();
        }
    }

    /**
     * WaitEvent (§8.5): waits until an event passes the session's checks or the timeout ends, then returns the
     * reply with the events; an empty body if a newer WaitEvent took over or the session was destroyed first.
     */
    byte[] waitEvent(Packet request) throws InterruptedException {
        String actionId = request.actionId();
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        synchronized (monitor) {
            long now = System.nanoTime();
            long timeout = parseTimeout(request.get("Timeout"));
            long max = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(expiresAt - now) - 10);
            if (timeout < 0 || timeout > max) {
                timeout = max;
            }
            if (mask == 0) {
                mask = protocol.setEventMask("on");
            }
            long generation = ++waitGeneration;
            long deadline = now + TimeUnit.SECONDS.toNanos(timeout);
            ByteArrayOutputStream found = new ByteArrayOutputStream();
            while (!destroyed && generation == waitGeneration) {
                ServerEvent event;
                while ((event = events.pollFirst()) != null) {
                    if (protocol.accepts(event)) {
                        found.writeBytes(event.wire());
                    }
                }
                long left = deadline - System.nanoTime();
                if (found.size() > 0 || left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            if (destroyed || generation != waitGeneration) {
                return new byte[0];
            }
            body.writeBytes(Wire.response("Success", actionId).add("Message", "Waiting for Event completed.").end());
            body.writeBytes(found.toByteArray());
        }
        StringBuilder complete = new StringBuilder("Event: WaitEventComplete\r\n");
        if (actionId != null && !actionId.isEmpty()) {
            complete.append("ActionID: ").append(actionId).append("\r\n");
        }
        body.writeBytes(complete.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** Asterisk's sscanf("%30i"): a number, -1 when absent or unreadable; below -1 counts as -1. */
    private static long parseTimeout(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(-1, Long.decode(value.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Ends the session: a running WaitEvent returns, later requests with its cookie get a new session. */
    void destroy() {
        synchronized (monitor) {
            destroyed = true;
            events.clear();
            monitor.notifyAll();
        }
        connection.close();
    }
}
