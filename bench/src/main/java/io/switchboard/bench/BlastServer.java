package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback AMI server that logs a client in (plain or MD5), answers what clients ask at login
 * ({@code CoreSettings}, {@code Command core show version}) and {@code Ping}, and, once the client turns events
 * on ({@code Action: Events / EventMask: on}), writes the corpus's event packets from memory, then the
 * {@link Corpus#SENTINEL}. Waiting for the Events action keeps the blast from burying the login answers, so every
 * client starts on an equal footing.
 *
 * <p>Binds 127.0.0.1 on an ephemeral port only. Every session ends by itself after its plan (bounded count).
 */
public final class BlastServer implements AutoCloseable {
    /** User and secret the server accepts. */
    public static final String USER = "bench";
    public static final String SECRET = "bench-secret";

    /**
     * What a session sends after {@code Events: on}.
     *
     * @param repeats     replays of the whole corpus at full speed (blast mode), when {@code rate == 0}
     * @param rate        events per second in paced mode; 0 for blast mode
     * @param pacedEvents number of events in paced mode, each stamped with {@code Timestamp} (wall clock, µs)
     */
    public record Plan(int repeats, int rate, int pacedEvents) {
        public static Plan blast(int repeats) {
            return new Plan(repeats, 0, 0);
        }

        public static Plan paced(int rate, int events) {
            return new Plan(0, rate, events);
        }
    }

    private final Corpus corpus;
    private final Plan plan;
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<ServerSession> sessions = new CopyOnWriteArrayList<>();
    final AtomicLong maxStallNanos = new AtomicLong();
    final AtomicLong eventsSent = new AtomicLong();
    private volatile boolean closed;

    /** Starts listening on 127.0.0.1 with an ephemeral port. */
    public BlastServer(Corpus corpus, Plan plan) {
        this.corpus = corpus;
        this.plan = plan;
        try {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.acceptor = new Thread(this::acceptLoop, "blast-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    Corpus corpus() {
        return corpus;
    }

    Plan plan() {
        return plan;
    }

    /** Longest time one 64 KiB write of a blast was blocked by the client (Asterisk drops a client at 100 ms). */
    public long maxStallNanos() {
        return maxStallNanos.get();
    }

    /** Events written so far over all sessions (sentinels not counted). */
    public long eventsSent() {
        return eventsSent.get();
    }

    /** Clears the counters between runs. */
    public void resetStats() {
        maxStallNanos.set(0);
        eventsSent.set(0);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                ServerSession session = new ServerSession(this, s);
                sessions.add(session);
                session.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("blast server: accept failed: " + e);
                }
                return;
            }
        }
    }

    void ended(ServerSession session) {
        sessions.remove(session);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (ServerSession s : sessions) {
            s.close();
        }
    }
}
