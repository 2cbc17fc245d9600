package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection, run like an Asterisk session thread (§8.1): the reader thread reads a request, runs
 * it to completion (responses are written directly), then writes the events that queued up meanwhile. So events
 * are never written while an action runs on this session, and events caused by an action follow its reply.
 * A second thread writes queued events while the session is idle, as Asterisk's thread does when an event
 * wakes it up.
 *
 * <p>Requests are framed by {@link RequestReader} exactly as Asterisk frames them (§3), so a client's framing
 * mistakes (stray blank lines, over-long lines, blanks after the colon) get Asterisk's answers.
 */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Socket socket;
    private final AmiServer context;
    private final Protocol protocol;
    private final SessionOutput output;
    private final long number;
    private final Instant createdAt = Instant.now();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object lock = new Object();
    private final ArrayDeque<ServerEvent> queue = new ArrayDeque<>();
    private boolean busy;
    /** The request being run, as received (for UserEvent); null between requests. Reader thread only. */
    private List<byte[]> requestLines;
    /** Set by the MID_REPLY fault: the next reply write is cut in half and the session closed. */
    private volatile boolean cutNextReply;
    private final Object flushLock = new Object();

    Connection(Socket socket, AmiServer context, Protocol protocol, long number) throws IOException {
        this.socket = socket;
        this.context = context;
        this.protocol = protocol;
        this.number = number;
        this.output = new SessionOutput(socket.getOutputStream(), context.faults(), this,
                context.faults().closeNewSessionsAfter());
    }

    /** Runs the session on the calling thread until the connection ends; starts the idle-flush thread. */
    void run() {
        Thread flusher = new Thread(this::idleFlushLoop, "fake-asterisk-events-" + number);
        flusher.setDaemon(true);
        flusher.start();
        try {
            protocol.open(this);
            readLoop();
        } catch (IOException e) {
            LOG.debug("session {} ended: {}", number, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void readLoop() throws IOException, InterruptedException {
        List<RequestReader.Request> requests = new ArrayList<>();
        RequestReader reader = new RequestReader();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[16 * 1024];
        while (!closed.get()) {
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
            context.faults().awaitReadable(this::isClosed);
            reader.feed(buf, 0, n, requests::add);
            for (RequestReader.Request request : requests) {
                if (closed.get()) {
                    return;
                }
                if (request.packet().size() > 0) {  // a stray blank line is answered, but is no action to take
                    context.recordAction(request.packet());
                }
                setBusy(true);
                requestLines = request.lines();
                try {
                    if (request.problem() == RequestReader.Problem.NONE) {
                        protocol.onPacket(this, request.packet());
                    } else {
                        protocol.onBadRequest(this, request.packet(), request.problem());
                    }
                } finally {
                    requestLines = null;
                    setBusy(false);
                }
                flushEvents();
            }
            requests.clear();
        }
    }

    private void setBusy(boolean value) {
        synchronized (lock) {
            busy = value;
            lock.notifyAll();
        }
    }

    /** Queues a broadcast event for this session (dropped if the session has not logged in). */
    void offer(ServerEvent event) {
        if (closed.get() || !protocol.loggedIn()) {
            return;
        }
        synchronized (lock) {
            queue.add(event);
            lock.notifyAll();
        }
    }

    private void idleFlushLoop() {
        try {
            while (!closed.get()) {
                synchronized (lock) {
                    while (!closed.get() && (busy || queue.isEmpty())) {
                        lock.wait();
                    }
                }
                flushEvents();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            close();
        }
    }

    /** Writes queued events until the queue is empty or an action starts; permission checks happen here. */
    private void flushEvents() throws IOException {
        synchronized (flushLock) {
            while (true) {
                ServerEvent event;
                synchronized (lock) {
                    if (busy || queue.isEmpty()) {
                        return;
                    }
                    event = queue.poll();
                }
                if (protocol.accepts(event)) {
                    output.write(event.wire());
                }
            }
        }
    }

    /** Writes one packet now (a response or list item). */
    public void write(Packet packet) throws IOException {
        writeRaw(packet.toWire());
    }

    /** Writes raw bytes now (banner, replies, pre-formatted packets). */
    public void writeRaw(byte[] bytes) throws IOException {
        if (cutNextReply) {
            cutNextReply = false;
            output.writeThenClose(bytes, bytes.length / 2);
        }
        output.write(bytes);
    }

    /** Writes injected bytes now, between packets (never cut by {@link #cutNextReply()}). */
    void inject(byte[] bytes) throws IOException {
        output.write(bytes);
    }

    /** The lines of the TCP request being run, as the client wrote them; null over HTTP. */
    List<byte[]> requestLines() {
        return requestLines;
    }

    /** The next reply written on this session goes out half-written, then the connection closes. */
    void cutNextReply() {
        cutNextReply = true;
    }

    /** Whether this is an HTTP manager session (the named-phase faults apply to TCP sessions only). */
    boolean isHttp() {
        return socket instanceof HttpSessionSocket;
    }

    /** Arms the close-after-bytes tripwire on this session. */
    void closeAfterBytes(long n) {
        output.closeAfter(n);
    }

    /** Closes the socket at once; idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing session {}: {}", number, e.toString());
            }
            synchronized (lock) {
                queue.clear();
                lock.notifyAll();
            }
            context.faults().wakeAll();
            context.sessionClosed(this);
        }
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return closed.get();
    }

    Protocol protocol() {
        return protocol;
    }

    /** The session number, unique within the server. */
    public long number() {
        return number;
    }

    /** When the client connected. */
    public Instant createdAt() {
        return createdAt;
    }

    /** The client's TCP port. */
    public int remotePort() {
        return socket.getPort();
    }

    /** The server's TCP port. */
    public int localPort() {
        return socket.getLocalPort();
    }
}
