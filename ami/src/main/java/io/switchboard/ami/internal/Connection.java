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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP session with Asterisk: a socket, its reader thread and its writer. Knows framing, not actions:
 * decoded packets go to the {@link Listener}; the end of the session is reported exactly once.
 *
 * <p>Writing uses flat combining instead of a writer thread: a sender queues its action and, if no one else is
 * writing, writes everything queued in one batch and one flush. Under load batches form by themselves; at rest
 * a lone action goes out without a thread hop.
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Receives what the connection reads; called on the reader thread. */
    interface Listener {
        void onBanner(String banner);

        void onPacket(Packet packet);

        /** The session ended; {@code cause} is null for a close we asked for. */
        void onClosed(Connection connection, Throwable cause);
    }

    private final AmiConfig config;
    private final Listener listener;
    private final Socket socket;
    private final ConcurrentLinkedQueue<PendingAction> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ActionEncoder.ByteBuf buffer = new ActionEncoder.ByteBuf();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean trace = LOG.isTraceEnabled();
    private volatile boolean closeRequested;
    private OutputStream out;
    private Thread reader;

    Connection(AmiConfig config, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.socket = new Socket();
    }

    /** Connects and starts the reader thread. */
    void open() throws IOException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.connect(new InetSocketAddress(config.host(), config.port()),
                (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        reader = new Thread(() -> readLoop(in), "switchboard-reader-" + config.host() + ":" + config.port());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InputStream in) {
        PacketDecoder decoder = new PacketDecoder(config.decoderLimits(), true, new PacketDecoder.Handler() {
            @Override
            public void onBanner(String banner) {
                listener.onBanner(banner);
            }

            @Override
            public void onPacket(Packet packet) {
                if (trace) {
                    LOG.trace("< {}", packet);
                }
                listener.onPacket(packet);
            }
        });
        byte[] buf = new byte[64 * 1024];
        Throwable cause = null;
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    if (!closeRequested) {
                        cause = new IOException("server closed the connection"
                                + (decoder.inPacket() ? " in the middle of a packet" : ""));
                    }
                    break;
                }
                decoder.feed(buf, 0, n);
            }
        } catch (ProtocolException e) {
            LOG.error("Protocol error from {}:{}: {}; closing the connection", config.host(), config.port(),
                    e.getMessage());
            cause = e;
        } catch (IOException e) {
            if (!closeRequested) {
                cause = e;
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Unexpected failure on the reader thread; closing the connection", e);
            cause = e;
        }
        terminate(cause);
    }

    /** Queues an action and writes whatever is queued if no other thread is writing. */
    void write(PendingAction action) {
        outbox.add(action);
        flushOutbox();
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
        List<PendingAction> batch = new ArrayList<>();
        buffer.reset();
        PendingAction next;
        while (buffer.size < 64 * 1024 && (next = outbox.poll()) != null) {
            if (next.result.isDone() && (next.awaited == null || next.awaited.isDone())) {
                continue; // timed out or cancelled while queued: never write it
            }
            if (trace) {
                LOG.trace("> {}", next.action);
            }
            ActionEncoder.encode(next.action, next.id, buffer);
            next.written = true;
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            out.write(buffer.bytes, 0, buffer.size);
            out.flush();
        } catch (IOException e) {
            LOG.warn("Write to {}:{} failed: {}", config.host(), config.port(), e.getMessage());
            terminate(e);
        }
    }

    /** Actions queued but never written, taken out of the queue (for a caller that handles the loss). */
    List<PendingAction> drainUnwritten() {
        List<PendingAction> list = new ArrayList<>();
        PendingAction p;
        while ((p = outbox.poll()) != null) {
            list.add(p);
        }
        return list;
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Announces that the server will close the session (after Logoff): its EOF is then no loss. */
    void expectClose() {
        closeRequested = true;
    }

    /** Closes the socket on our own initiative; the listener hears {@code onClosed(null)}. */
    void close() {
        closeRequested = true;
        terminate(null);
    }

    private void terminate(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Error closing socket", e);
        }
        listener.onClosed(this, closeRequested ? null : cause);
    }

    /** Waits for the reader thread to finish (after close). */
    void awaitReader(long millis) throws InterruptedException {
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
