package io.switchboard.recorder.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead spool: every op is appended here before it goes to the database, and stays until the database
 * has committed it. Append-only segment files {@code spool-<n>.log} of frames {@code [int length][int crc32c]
 * [payload]}; a segment is deleted once every op in it is committed. Bounded: when {@code maxBytes} are
 * pending, {@link #append} waits (the caller is the AMI event thread, so this becomes TCP backpressure on the
 * server rather than a dropped record).
 *
 * <p>Appends are written to the file at once (a killed process loses nothing) and made durable against power
 * loss by {@link #sync()}, which the recorder runs every few milliseconds and before each database batch
 * (group commit: one fsync for many ops).
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int HEADER = 8;

    /** A segment file and the sequence numbers of the ops in it. */
    private static final class Segment {
        final Path path;
        FileChannel channel;
        long lastSeq;
        long bytes;

        Segment(Path path) {
            this.path = path;
        }
    }

    /** An op read back at start-up, with the sequence number it was given. */
    public record Recovered(long seq, Op op) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Deque<Segment> segments = new ArrayDeque<>();
    private Segment current;
    private long nextSeq = 1;
    private long pendingBytes;
    private long committedSeq;
    private long nextFileNo;
    private boolean dirty;
    private boolean closed;
    private boolean fullLogged;
    private long fullWaits;

    public Spool(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + dir, e);
        }
    }

    /**
     * Reads every segment left by an earlier run, oldest first, and keeps them until their ops are committed.
     * A torn frame at the end of a segment (the process died mid-write) ends that segment; it is logged.
     */
    public List<Recovered> recover() throws IOException {
        List<Recovered> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("spool-\\d+\\.log"))
                    .sorted((a, b) -> Long.compare(fileNo(a), fileNo(b))).toList();
        }
        lock.lock();
        try {
            for (Path p : files) {
                nextFileNo = Math.max(nextFileNo, fileNo(p) + 1);
                byte[] data = Files.readAllBytes(p);
                int pos = 0;
                int count = 0;
                boolean damaged = false;
                while (data.length - pos >= HEADER) {
                    int len = ByteBuffer.wrap(data, pos, 4).getInt();
                    int crc = ByteBuffer.wrap(data, pos + 4, 4).getInt();
                    // No upper bound on len beyond the bytes present: append() takes ops of any size (a user field
                    // may be as long as the AMI decoder allows, several per record), and the CRC already tells a
                    // torn or corrupt frame from a whole one. A smaller bound hid every op after a big one.
                    if (len <= 0 || data.length - pos - HEADER < len || crc(data, pos + HEADER, len) != crc) {
                        break;
                    }
                    byte[] payload = java.util.Arrays.copyOfRange(data, pos + HEADER, pos + HEADER + len);
                    try {
                        out.add(new Recovered(nextSeq++, OpCodec.decode(payload)));
                        count++;
                    } catch (IOException e) {
                        damaged = true;
                        LOG.error("spool {}: undecodable entry at byte {} skipped ({})", p, pos, e.getMessage());
                    }
                    pos += HEADER + len;
                }
                if (pos != data.length) {
                    if (isTornTail(data, pos)) {
                        LOG.warn("spool {}: {} trailing bytes are a torn frame (the process died mid-write);"
                                + " ignored", p, data.length - pos);
                    } else {
                        damaged = true;
                        LOG.error("spool {}: corrupt frame at byte {}; the {} bytes from there cannot be replayed",
                                p, pos, data.length - pos);
                    }
                }
                if (damaged) {
                    // The segment is deleted once what could be replayed is committed; whatever could not be is
                    // billing data, so the file is kept aside for a person to look at.
                    Path keep = p.resolveSibling(p.getFileName() + ".corrupt");
                    Files.copy(p, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    LOG.error("spool {}: a copy is kept as {} (not replayed, not deleted)", p, keep);
                }
                Segment seg = new Segment(p);
                seg.lastSeq = nextSeq - 1;
                seg.bytes = data.length;
                pendingBytes += data.length;
                segments.add(seg);
                LOG.info("spool {}: {} entries to replay", p.getFileName(), count);
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * Whether the bytes from {@code pos} on are what a write cut short leaves: less than a header, a frame longer
     * than what follows, or zeros (a file extended but not written, after a power loss). A whole frame whose CRC
     * does not match, or garbage with more bytes after it, is corruption instead.
     */
    private static boolean isTornTail(byte[] data, int pos) {
        if (data.length - pos < HEADER) {
            return true;
        }
        int len = ByteBuffer.wrap(data, pos, 4).getInt();
        if (len > 0) {
            return data.length - pos - HEADER < len;
        }
        for (int i = pos; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Appends an op, waiting while the spool is full or the disk refuses the write; returns its sequence. */
    public long append(Op op) throws InterruptedException {
        return append(op, -1);
    }

    /**
     * Like {@link #append(Op)}, but waits at most {@code maxWaitMs} for room (or a writable disk); returns -1 if
     * the op could not be appended within that time. A negative {@code maxWaitMs} waits as long as it takes.
     */
    public long append(Op op, long maxWaitMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMs));
        byte[] payload = OpCodec.encode(op);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        long backoffMs = 50;
        boolean waited = false;
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("spool closed");
                }
                if (waited && maxWaitMs >= 0 && System.nanoTime() - deadline > 0) {
                    return -1;
                }
                waited = true; // from the second round on: the first always tries once
                if (pendingBytes + frame.remaining() > maxBytes && pendingBytes > 0) {
                    if (!fullLogged) {
                        fullLogged = true;
                        LOG.warn("spool full ({} bytes pending, limit {}): ingestion blocked until the database"
                                + " catches up", pendingBytes, maxBytes);
                    }
                    fullWaits++;
                    notFull.await(200, TimeUnit.MILLISECONDS);
                    continue;
                }
                try {
                    Segment seg = writable();
                    int n = frame.remaining();
                    while (frame.hasRemaining()) {
                        seg.channel.write(frame);
                    }
                    seg.bytes += n;
                    seg.lastSeq = nextSeq;
                    pendingBytes += n;
                    dirty = true;
                    if (fullLogged && pendingBytes < maxBytes / 2) {
                        fullLogged = false;
                    }
                    return nextSeq++;
                } catch (IOException e) {
                    // Disk full or unwritable: there is nowhere else to keep the op, so wait and retry (blocks
                    // the AMI reader = backpressure) instead of dropping it.
                    LOG.error("spool write failed ({}); retrying in {} ms", e.toString(), backoffMs);
                    frame.rewind();
                    rollAfterError();
                    notFull.await(backoffMs, TimeUnit.MILLISECONDS);
                    backoffMs = Math.min(backoffMs * 2, 2000);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forces appended bytes to disk (fsync). The fsync runs outside the lock, so appends go on meanwhile; a
     * segment rolled (and closed) in between was forced by the roll itself.
     */
    public void sync() {
        FileChannel channel;
        lock.lock();
        try {
            if (!dirty || current == null) {
                return;
            }
            channel = current.channel;
            dirty = false;
        } finally {
            lock.unlock();
        }
        try {
            channel.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // rolled or released meanwhile: forced before it was closed, or no longer needed
        } catch (IOException e) {
            LOG.error("spool fsync failed: {}", e.toString());
            lock.lock();
            try {
                dirty = true;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Everything up to {@code seq} is in the database: deletes the segments that hold nothing newer. */
    public void committed(long seq) {
        lock.lock();
        try {
            committedSeq = Math.max(committedSeq, seq);
            while (!segments.isEmpty() && segments.peekFirst().lastSeq <= committedSeq) {
                Segment seg = segments.peekFirst();
                if (seg == current) {
                    if (seg.lastSeq != nextSeq - 1) {
                        break; // cannot happen: lastSeq is the newest append
                    }
                    closeQuietly(seg);
                    current = null;
                }
                segments.pollFirst();
                pendingBytes -= seg.bytes;
                try {
                    Files.deleteIfExists(seg.path);
                } catch (IOException e) {
                    LOG.error("cannot delete committed spool segment {}: {}", seg.path, e.toString());
                }
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes in segments not yet fully committed. */
    public long pendingBytes() {
        lock.lock();
        try {
            return pendingBytes;
        } finally {
            lock.unlock();
        }
    }

    /** How many times an append had to wait because the spool was full. */
    public long fullWaits() {
        lock.lock();
        try {
            return fullWaits;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Segment s : segments) {
                if (s.channel != null) {
                    try {
                        s.channel.force(false);
                    } catch (IOException e) {
                        LOG.error("spool fsync at close failed: {}", e.toString());
                    }
                    closeQuietly(s);
                }
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Segment writable() throws IOException {
        if (current != null && current.bytes >= segmentBytes) {
            current.channel.force(false);
            closeQuietly(current);
            current = null;
        }
        if (current == null) {
            Segment seg = new Segment(dir.resolve("spool-" + (nextFileNo++) + ".log"));
            seg.channel = FileChannel.open(seg.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            seg.lastSeq = committedSeq;
            segments.addLast(seg);
            current = seg;
        }
        return current;
    }

    /** After a failed write the segment may end in a partial frame: start a fresh one (replay stops there). */
    private void rollAfterError() {
        if (current != null) {
            closeQuietly(current);
            current = null;
        }
    }

    private static void closeQuietly(Segment s) {
        try {
            if (s.channel != null) {
                s.channel.close();
            }
        } catch (IOException e) {
            LOG.warn("closing spool segment {}: {}", s.path, e.toString());
        }
        s.channel = null;
    }

    private static long fileNo(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring("spool-".length(), n.length() - ".log".length()));
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
