package io.switchboard.ami.internal;

import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Packet;
import io.switchboard.ami.ProtocolException;
import io.switchboard.ami.codec.PacketDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP session with Asterisk: a socket, its reader thread and its writer. Knows framing, not actions:
 * decoded packets go to the {@link Listener}; the end of the session is reported exactly once.
 *
 * <p>Blocking sends use flat combining: a sender queues its action and, if no one else is writing, writes
 * everything queued in one batch and one flush. Under load batches form by themselves; at rest
 * a lone action goes out without a thread hop. Asynchronous sends ({@link #writeSoon}) leave the writing to the
 * client's writer thread, so that one thread sending many actions does not pay one system call per action.
 */
final class Connection implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Receives what the connection reads; called on the reader thread. */
    interface Listener {
        void onPacket(Packet packet);

        /**
         * The session ended and its reader has stopped; {@code cause} is null for a close we asked for. Called
         * once, on the reader thread, after the last packet.
         */
        void onClosed(Connection connection, Throwable cause);
    }

    private final AmiConfig config;
    private final Transport.Listener listener;
    private Socket socket;
    private volatile Throwable failure;
    /** System.nanoTime() of the last read that returned bytes; for keepalive. */
    private volatile long lastReadNanos = System.nanoTime();
    /** System.nanoTime() when the socket write now in progress began; {@link #NOT_WRITING} between writes. */
    private volatile long writingSinceNanos = NOT_WRITING;
    private static final long NOT_WRITING = Long.MIN_VALUE;
    private final ConcurrentLinkedQueue<PendingAction> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ActionEncoder.ByteBuf buffer = new ActionEncoder.ByteBuf();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Runs {@link #writeSoon}'s flushes; a flush is queued there at most once at a time. */
    private final Executor writer;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final Runnable flushTask = () -> {
        flushQueued.set(false); // before flushing: an action queued from now on queues another flush
        flushOutbox();
    };
    private final boolean trace = LOG.isTraceEnabled();
    private volatile boolean closeRequested;
    /** The greeting line; "" if the server sent a packet first; failed if the connection ended before. */
    private final CompletableFuture<String> banner = new CompletableFuture<>();
    private OutputStream out;
    private Thread reader;

    Connection(AmiConfig config, Transport.Listener listener, Executor writer) {
        this.config = config;
        this.listener = listener;
        this.writer = writer;
    }

    @Override
    public CompletableFuture<String> banner() {
        return banner;
    }

    /** Connects (and does the TLS handshake, if configured), then starts the reader thread. */
    @Override
    public void open() throws IOException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        Socket plain = new Socket();
        socket = plain;
        plain.setTcpNoDelay(true);
        plain.setKeepAlive(true);
        plain.connect(new InetSocketAddress(config.host(), config.port()), timeout);
        if (config.sslContext() != null) {
            socket = TlsSockets.wrap(plain, config, timeout);
        }
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        reader = new Thread(() -> readLoop(in), "switchboard-reader-" + config.host() + ":" + config.port());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InputStream in) {
        PacketDecoder decoder = new PacketDecoder(config.decoderLimits(), true, new PacketDecoder.Handler() {
            @Override
            public void onBanner(String line) {
                banner.complete(line);
            }

            @Override
            public void onPacket(Packet packet) {
                if (!banner.isDone()) {
                    banner.complete("");
                }
                if (trace) {
                    LOG.trace("< {}", packet);
                }
                listener.onPacket(packet);
            }
        });
        Throwable cause = null;
        // Subscriptions' drainers are woken once per read, not once per event (see EventSubscription).
        EventSubscription.deferWakeups();
        CompletionExecutor.deferOnThisThread(); // and callers' futures are completed once per read
        try {
            while (true) {
                int n;
                try {
                    n = decoder.readFrom(in); // reads into the decoder's own buffer: no copy in between
                    if (n < 0) {
                        cause = new IOException("server closed the connection"
                                + (decoder.inPacket() ? " in the middle of a packet" : ""));
                        break;
                    }
                    lastReadNanos = System.nanoTime();
                } finally {
                    EventSubscription.flushWakeups();
                    CompletionExecutor.flushThisThread();
                }
            }
        } catch (ProtocolException e) {
            LOG.error("Protocol error from {}:{}: {}; closing the connection", config.host(), config.port(),
                    e.getMessage());
            cause = e;
        } catch (IOException e) {
            cause = e;
        } catch (RuntimeException | Error e) {
            LOG.error("Unexpected failure on the reader thread; closing the connection", e);
            cause = e;
        } finally {
            EventSubscription.stopDeferring(); // onClosed may reconnect and publish on this thread
            CompletionExecutor.stopDeferring();
        }
        terminate(cause);
        // A failure recorded before the socket was closed (write error, keepalive) explains the end best.
        Throwable reason = closeRequested ? null : (failure != null ? failure : cause);
        banner.completeExceptionally(reason != null ? reason : new IOException("connection closed"));
        listener.onClosed(this, reason);
    }

    /** Queues an action and writes whatever is queued if no other thread is writing. */
    @Override
    public void write(PendingAction action) {
        outbox.add(action);
        flushOutbox();
    }

    /**
     * Queues an action and leaves the writing to the writer executor. A single thread sending asynchronously
     * otherwise pays a write and a flush (a system call that, on loopback, also does the receiver's work) per
     * action; this way, everything queued while the writer wakes up goes out in one write.
     */
    @Override
    public void writeSoon(PendingAction action) {
        outbox.add(action);
        if (!flushQueued.get() && flushQueued.compareAndSet(false, true)) {
            try {
                writer.execute(flushTask);
            } catch (RejectedExecutionException e) {
                flushQueued.set(false); // the client is closing: write here, as write() would
                flushOutbox();
            }
        }
    }

    private void flushOutbox() {
        while (!outbox.isEmpty() && !closed.get() && writeLock.tryLock()) {
            try {
                writeBatch();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void writeBatch() {
        int batch = 0;
        buffer.reset();
        PendingAction next;
        while (buffer.size < 64 * 1024 && (next = outbox.poll()) != null) {
            if (next.isSettled()) {
                continue; // timed out or cancelled while queued: never write it
            }
            if (trace) {
                LOG.trace("> {}", next.action);
            }
            ActionEncoder.encode(next.action, next.id, buffer);
            next.written = true;
            batch++;
        }
        if (batch == 0) {
            return;
        }
        // Noted around the write (once per batch), so the keepalive can tell a server that stopped reading: the
        // socket write then blocks, with no timeout of its own, and only closing the socket releases it.
        writingSinceNanos = System.nanoTime();
        try {
            out.write(buffer.bytes, 0, buffer.size);
            out.flush();
        } catch (IOException e) {
            LOG.warn("Write to {}:{} failed: {}", config.host(), config.port(), e.getMessage());
            abort(e);
        } finally {
            writingSinceNanos = NOT_WRITING;
        }
    }

    /** Actions queued but never written, taken out of the queue (for a caller that handles the loss). */
    @Override
    public List<PendingAction> drainUnwritten() {
        List<PendingAction> list = new ArrayList<>();
        PendingAction p;
        while ((p = outbox.poll()) != null) {
            list.add(p);
        }
        return list;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    /** Announces that the server will close the session (after Logoff): its EOF is then no loss. */
    @Override
    public void expectClose() {
        closeRequested = true;
    }

    /** Closes the socket on our own initiative; the reader then reports {@code onClosed(null)}. */
    @Override
    public void close() {
        closeRequested = true;
        terminate(null);
    }

    /**
     * Drops the connection because of {@code cause} (write failure, unanswered keepalive). The reader thread
     * notices the closed socket and reports the loss with this cause.
     */
    @Override
    public void abort(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        terminate(cause);
    }

    /** Nanoseconds since bytes last arrived. */
    @Override
    public long idleNanos() {
        return System.nanoTime() - lastReadNanos;
    }

    /** Nanoseconds the write in progress has been blocked; 0 if none is. */
    @Override
    public long writeBlockedNanos() {
        long since = writingSinceNanos;
        return since == NOT_WRITING ? 0 : System.nanoTime() - since;
    }

    private void terminate(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Socket s = socket;
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            LOG.debug("Error closing socket", e);
        }
    }

    /** Waits for the reader thread to finish (after close). */
    @Override
    public void awaitStopped(long millis) throws InterruptedException {
        Thread r = reader;
        if (r != null && r != Thread.currentThread()) {
            r.join(millis);
        }
    }

    @Override
    public String toString() {
        return "Connection{" + config.host() + ":" + config.port() + (closed.get() ? ", closed" : "") + "}";
    }
}
