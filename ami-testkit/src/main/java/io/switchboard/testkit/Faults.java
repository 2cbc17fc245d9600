package io.switchboard.testkit;

import io.switchboard.testkit.internal.AmiServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Declarative fault injection for a {@link FakeAsterisk}, for testing how a client copes with a misbehaving
 * server or network. Obtain it with {@link FakeAsterisk#faults()}; every method returns {@code this} so faults
 * can be chained, and takes effect at once.
 *
 * <pre>{@code
 * fake.faults().splitWritesEvery(1);        // every later write goes out one byte at a time
 * fake.faults().closeAfterBytes(100);       // each open session dies mid-packet, 100 bytes from now
 * fake.faults().stallWrites();  ...  fake.faults().release();
 * fake.faults().refuseLogins(true);         // "Authentication failed", then the socket closes
 * fake.faults().dropSessionsAt(Faults.Phase.AFTER_LOGIN);   // logged in, then the connection is gone
 * fake.restart();                           // Asterisk restart: every session dropped, same port again
 * }</pre>
 *
 * <p>Scope: stalls, write splitting, refused logins and {@link #closeNewSessionsAfterBytes} are server-wide
 * switches that hold for current and future sessions until undone or {@link #clear()}ed, and so are the named
 * phases of {@link #dropSessionsAt}.
 * {@link #closeAfterBytes} and {@link #inject} act once, on the sessions open at the time of the call.
 *
 * <p>Thread-safe.
 */
public final class Faults {
    /**
     * Named points in a TCP session's life where {@link #dropSessionsAt} closes the connection, for testing a
     * client's connect, login and reconnect paths without counting bytes.
     */
    public enum Phase {
        /** Halfway through the banner line: the client never sees a whole greeting. */
        IN_BANNER,
        /** Right after the banner, before any request is read. */
        AFTER_BANNER,
        /** When a Login request arrives: it is read (see {@link FakeAsterisk#takeAction}) but never answered. */
        AT_LOGIN,
        /** Right after a successful Login's response and FullyBooted: logged in, then gone. */
        AFTER_LOGIN,
        /**
         * Halfway through the first packet of the reply to an action other than Login, Logoff, Challenge,
         * Events or Filter, on a logged-in session (for a list: inside its first packet).
         */
        MID_REPLY
    }

    private final AmiServer server;

    Faults(AmiServer server) {
        this.server = server;
    }

    /**
     * Closes each session open now after it has written {@code bytes} more bytes, typically in the middle of a
     * packet (a network loss as the client sees it). 0 closes them at once.
     */
    public Faults closeAfterBytes(long bytes) {
        requireNonNegative(bytes);
        server.closeOpenSessionsAfter(bytes);
        return this;
    }

    /**
     * Closes every session accepted from now on after it has written {@code bytes} bytes, counting the banner:
     * below 30 the client loses the connection inside the banner; just past the Login response, right after
     * logging in. Holds until {@link #clear()} or a call with -1.
     */
    public Faults closeNewSessionsAfterBytes(long bytes) {
        if (bytes < -1) {
            throw new IllegalArgumentException("bytes must be >= 0, or -1 to disarm: " + bytes);
        }
        server.faults().closeNewSessionsAfter(bytes);
        return this;
    }

    /** Stops writing to every session (responses and events wait) until {@link #release()}. */
    public Faults stallWrites() {
        server.faults().stall(true, false, 0);
        return this;
    }

    /** Stops acting on input: requests that arrive on any session wait unanswered until {@link #release()}. */
    public Faults stallReads() {
        server.faults().stall(false, true, 0);
        return this;
    }

    /** Stalls writes and reads: the server looks hung, while its sockets stay open. */
    public Faults stall() {
        server.faults().stall(true, true, 0);
        return this;
    }

    /** Like {@link #stall()}, ending by itself after {@code duration} (or earlier with {@link #release()}). */
    public Faults stallFor(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        server.faults().stall(true, true, Math.max(1, duration.toNanos()));
        return this;
    }

    /** Ends every stall; stalled sessions carry on where they stopped. */
    public Faults release() {
        server.faults().release();
        return this;
    }

    /**
     * Drops every TCP session, current or future, when it reaches {@code phase}, until {@link #clear()} or a
     * call with {@code null}; one phase at a time. HTTP manager sessions are not affected.
     */
    public Faults dropSessionsAt(Phase phase) {
        server.faults().dropAt(phase);
        return this;
    }

    /** Writes every later packet in chunks of {@code bytes} bytes, each flushed separately (0 = off). */
    public Faults splitWritesEvery(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        server.faults().splitEvery(bytes);
        return this;
    }

    /**
     * Cuts every later write after these byte offsets within it (e.g. {@code 1, 14} splits
     * {@code "Response: Success\r\n..."} after "R" and after "Response: Succ"); no offsets = off.
     */
    public Faults splitWritesAt(int... offsets) {
        server.faults().splitAt(offsets);
        return this;
    }

    /** Writes raw bytes into every open session's output now, between two packets. */
    public Faults inject(byte[] raw) {
        server.inject(raw.clone());
        return this;
    }

    /** Writes raw text (UTF-8, no line ending added) into every open session's output now. */
    public Faults inject(String raw) {
        return inject(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** While {@code true}, every Login fails with "Authentication failed" and the socket closes. */
    public Faults refuseLogins(boolean refuse) {
        server.faults().refuseLogins(refuse);
        return this;
    }

    /** Undoes every switch: no stall, no splitting, logins accepted, new sessions not tripwired, no phase drops. */
    public Faults clear() {
        server.faults().clear();
        return this;
    }

    private static void requireNonNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
    }
}
