package io.switchboard.testkit;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A minimal raw-socket AMI client for tests: a reader thread records every byte and decodes packets with the
 * ami {@link PacketDecoder}; tests block on the packet queue with timeouts, never sleep.
 */
final class AmiTestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Packet EOF = Packet.of("X-Test", "eof");

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger syncs = new AtomicInteger();
    private volatile String banner;
    private volatile Throwable readFailure;

    AmiTestClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::readLoop, "test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static AmiTestClient connect(FakeAsterisk fake) {
        return new AmiTestClient(fake.host(), fake.port());
    }

    /** Connects and logs in with a plain secret; returns the login response. */
    static AmiTestClient login(FakeAsterisk fake, String user, String secret) {
        AmiTestClient c = connect(fake);
        c.send("Action: Login\r\nActionID: login\r\nUsername: " + user + "\r\nSecret: " + secret + "\r\n\r\n");
        Packet response = c.nextResponse();
        if (!"Success".equals(response.get("Response"))) {
            throw new AssertionError("login failed: " + response);
        }
        return c;
    }

    private void readLoop() {
        PacketDecoder decoder = new PacketDecoder(DecoderLimits.DEFAULT, true, new PacketDecoder.Handler() {
            @Override
            public void onBanner(String text) {
                banner = text;
            }

            @Override
            public void onPacket(Packet packet) {
                packets.add(packet);
            }
        });
        byte[] buf = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                synchronized (raw) {
                    raw.write(buf, 0, n);
                }
                decoder.feed(buf, 0, n);
            }
            decoder.finish();
        } catch (IOException | RuntimeException e) {
            readFailure = e;
        } finally {
            packets.add(EOF);
            closed.countDown();
        }
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a packet as AMI wire bytes. */
    void send(Packet action) {
        send(action.toWire());
    }

    /** The next packet, or fails after the timeout or at end of stream. */
    Packet next() {
        Packet p = poll(TIMEOUT).orElseThrow(() -> new AssertionError("no packet within " + TIMEOUT));
        return p;
    }

    /** The next packet within {@code timeout}; empty on timeout; fails at end of stream. */
    Optional<Packet> poll(Duration timeout) {
        try {
            Packet p = packets.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (p == EOF) {
                packets.add(EOF);
                throw new AssertionError("connection closed" + (readFailure == null ? "" : ": " + readFailure));
            }
            return Optional.ofNullable(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips packets until one matches. */
    Packet next(Predicate<Packet> matching) {
        while (true) {
            Packet p = next();
            if (matching.test(p)) {
                return p;
            }
        }
    }

    Packet nextResponse() {
        return next(p -> p.kind() == Packet.Kind.RESPONSE);
    }

    Packet nextEvent(String name) {
        return next(p -> p.kind() == Packet.Kind.EVENT && p.name().equals(name));
    }

    /** Sends a request and returns its response (skipping events before it). */
    Packet request(String text) {
        send(text);
        return nextResponse();
    }

    /**
     * Every event the server had queued for this session when this call started, and nothing later: two Pings
     * are sent; the server flushes its queue right after the first, so all those events precede the second
     * reply (the Asterisk delivery model, §8.1).
     */
    List<Packet> syncEvents() {
        int n = syncs.incrementAndGet();
        send("Action: Ping\r\nActionID: sync-a" + n + "\r\n\r\nAction: Ping\r\nActionID: sync-b" + n + "\r\n\r\n");
        List<Packet> events = new ArrayList<>();
        while (true) {
            Packet p = next();
            if (p.kind() == Packet.Kind.EVENT) {
                events.add(p);
            } else if (("sync-b" + n).equals(p.actionId())) {
                return events;
            }
        }
    }

    /** Names of {@link #syncEvents()}. */
    List<String> syncEventNames() {
        return syncEvents().stream().map(Packet::name).toList();
    }

    /** Whether the server closed the connection within the timeout. */
    boolean awaitClosed(Duration timeout) {
        try {
            return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for the server to close and returns every byte received. */
    byte[] readAllUntilClosed() {
        if (!awaitClosed(TIMEOUT)) {
            throw new AssertionError("server did not close the connection within " + TIMEOUT);
        }
        return rawBytes();
    }

    byte[] rawBytes() {
        synchronized (raw) {
            return raw.toByteArray();
        }
    }

    /** Bytes received so far, as text. */
    String rawText() {
        return new String(rawBytes(), StandardCharsets.UTF_8);
    }

    /** The client's own port (the server's RemoteAddress). */
    int localPortForTest() {
        return socket.getLocalPort();
    }

    String banner() {
        return banner;
    }

    Throwable readFailure() {
        return readFailure;
    }

    /** Packets decoded but not yet taken. */
    int pending() {
        return (int) packets.stream().filter(p -> p != EOF).count();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to do
        }
    }
}
