package io.switchboard.bench;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection of the {@link BlastServer}: a reader thread that answers actions (all answers to one
 * read go out in one write, so pipelined actions are answered in batches) and, after {@code Events: on}, a
 * blaster thread that writes the plan. Writes are serialized by a lock; the blaster writes 64 KiB slices so an
 * answer can slip in between them, as Asterisk interleaves responses and events.
 */
final class ServerSession {
    private static final int SLICE = 64 * 1024;

    private final BlastServer server;
    private final Socket socket;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream(4096);
    private final String challenge = Integer.toString(100_000_000 + ThreadLocalRandom.current().nextInt(899_999_999));
    private OutputStream out;
    private boolean authenticated;
    private boolean closeAfterReply;
    private volatile boolean blasting;
    private volatile boolean closed;

    ServerSession(BlastServer server, Socket socket) {
        this.server = server;
        this.socket = socket;
    }

    void start() throws IOException {
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        Thread t = new Thread(this::readLoop, "blast-session-" + socket.getPort());
        t.setDaemon(true);
        t.start();
    }

    private void readLoop() {
        try (socket) {
            write(Replies.BANNER.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            PacketDecoder decoder = new PacketDecoder(DecoderLimits.DEFAULT, false, this::onAction);
            byte[] buf = new byte[64 * 1024];
            int n;
            while (!closed && (n = in.read(buf)) > 0) {
                decoder.feed(buf, 0, n);
                if (replies.size() > 0) {
                    write(replies.toByteArray());
                    replies.reset();
                }
                if (closeAfterReply) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("blast server: session ended: " + e);
            }
        } finally {
            closed = true;
            server.ended(this);
        }
    }

    private void onAction(Packet p) {
        String action = p.get("Action");
        String name = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (!authenticated && !name.equals("login") && !name.equals("challenge") && !name.equals("logoff")) {
            Replies.message(replies, "Error", p, "Permission denied");
            return;
        }
        switch (name) {
            case "challenge" -> {
                Replies.start(replies, "Success", p);
                Replies.line(replies, "Challenge", challenge);
                Replies.end(replies);
            }
            case "login" -> login(p);
            case "ping" -> Replies.ping(replies, p);
            case "coresettings" -> Replies.coreSettings(replies, p);
            case "command" -> Replies.command(replies, p);
            case "events" -> {
                boolean on = !"off".equalsIgnoreCase(String.valueOf(p.get("EventMask")).trim());
                Replies.events(replies, p, on);
                if (on && !blasting) {
                    blasting = true;
                    // The answer must precede the first event: flush it before the blaster starts.
                    write(replies.toByteArray());
                    replies.reset();
                    Thread t = new Thread(this::blast, "blast-writer-" + socket.getPort());
                    t.setDaemon(true);
                    t.start();
                }
            }
            case "logoff" -> {
                Replies.message(replies, "Goodbye", p, "Thanks for all the fish.");
                closeAfterReply = true;
            }
            default -> Replies.unknown(replies, p, action);
        }
    }

    private void login(Packet p) {
        boolean ok = BlastServer.USER.equalsIgnoreCase(p.get("Username"));
        if ("MD5".equalsIgnoreCase(p.get("AuthType"))) {
            ok &= md5(challenge + BlastServer.SECRET).equals(p.get("Key"));
        } else {
            ok &= BlastServer.SECRET.equals(p.get("Secret"));
        }
        if (ok) {
            authenticated = true;
            Replies.message(replies, "Success", p, "Authentication accepted");
        } else {
            Replies.message(replies, "Error", p, "Authentication failed");
            closeAfterReply = true;
        }
    }

    private void blast() {
        try {
            BlastServer.Plan plan = server.plan();
            if (plan.rate() > 0) {
                paced(plan.rate(), plan.pacedEvents());
            } else {
                byte[] all = server.corpus().eventBytes();
                for (int r = 0; r < plan.repeats() && !closed; r++) {
                    for (int off = 0; off < all.length && !closed; off += SLICE) {
                        timedWrite(all, off, Math.min(SLICE, all.length - off));
                    }
                    server.eventsSent.addAndGet(server.corpus().eventCount());
                }
            }
            write(Corpus.SENTINEL);
        } catch (IOException e) {
            if (!closed) {
                System.err.println("blast server: blast aborted: " + e);
            }
        }
    }

    /** Sends {@code count} stamped events at {@code rate}/s: every wake-up writes the events that are due. */
    private void paced(int rate, int count) throws IOException {
        List<byte[]> events = server.corpus().events();
        ByteArrayOutputStream batch = new ByteArrayOutputStream(64 * 1024);
        long start = System.nanoTime();
        int sent = 0;
        while (sent < count && !closed) {
            long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            if (due > sent) {
                batch.reset();
                Instant now = Instant.now();
                long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                for (; sent < due; sent++) {
                    batch.writeBytes(Corpus.stamped(events.get(sent % events.size()), micros));
                }
                write(batch.toByteArray());
            }
            LockSupport.parkNanos(20_000);
        }
        server.eventsSent.addAndGet(sent);
    }

    private void timedWrite(byte[] b, int off, int len) throws IOException {
        writeLock.lock();
        try {
            long t0 = System.nanoTime();
            out.write(b, off, len);
            long stall = System.nanoTime() - t0;
            server.maxStallNanos.accumulateAndGet(stall, Math::max);
        } finally {
            writeLock.unlock();
        }
    }

    private void write(byte[] b) {
        writeLock.lock();
        try {
            out.write(b);
        } catch (IOException e) {
            close();
        } finally {
            writeLock.unlock();
        }
    }

    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    static String md5(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
