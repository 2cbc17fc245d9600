package io.switchboard.bench.client;

import io.switchboard.bench.Corpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.time.Instant;

/**
 * The limit: a socket reader that only finds packet boundaries (an empty line ends a packet). It looks at a
 * packet's lines only to spot the sentinel, and in the latency run to read the {@code Timestamp} line.
 */
public final class RawTarget implements Target {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte[] USER_EVENT = ascii("Event: UserEvent");
    private static final byte[] BENCH_END = ascii("UserEvent: BenchEnd");
    private static final byte[] TIMESTAMP = ascii("Timestamp: ");
    private static final byte[] PING = ascii("Action: Ping\r\nActionID: raw-ping\r\n\r\n");
    private static final String EVENTS_ON = "Action: Events\r\nActionID: raw-events\r\nEventMask: on\r\n\r\n";

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public long ingest(int port, Meter meter, Duration limit) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.login();
            Deadline deadline = new Deadline(limit);
            meter.start();
            c.write(EVENTS_ON);
            c.awaitPackets(1);
            long events = countUntilSentinel(c, deadline);
            meter.stop();
            return events;
        }
    }

    /**
     * Counts packets until the sentinel. Newlines are found eight bytes at a time (SWAR); a newline that
     * directly follows another line's newline (optionally via CR) ends a packet. The sentinel is recognized by
     * comparing each packet of its exact length with {@link Corpus#SENTINEL}.
     */
    private static long countUntilSentinel(RawConnection c, Deadline deadline) throws Exception {
        final byte[] sentinel = Corpus.SENTINEL;
        long packets = 0;
        int prevNl = c.lineStart - 1;   // position of the last newline seen, relative to the buffer
        int packetStart = c.lineStart;
        while (!deadline.passed()) {
            final byte[] b = c.buf;
            final int lim = c.limit;
            int i = c.scan;
            for (; i <= lim - 8; i += 8) {
                long x = (long) LONGS.get(b, i) ^ NEWLINES;
                long m = (x - ONES) & ~x & HIGHS;
                while (m != 0) {
                    int p = i + (Long.numberOfTrailingZeros(m) >>> 3);
                    m &= m - 1;
                    if (b[p] != '\n') {
                        continue; // SWAR false positive above a real match
                    }
                    if (p - prevNl == 1 || (p - prevNl == 2 && b[p - 1] == '\r')) {
                        int len = p + 1 - packetStart;
                        if (len == sentinel.length && Arrays.equals(b, packetStart, p + 1, sentinel, 0, len)) {
                            c.lineStart = c.scan = p + 1;
                            return packets;
                        }
                        packets++;
                        packetStart = p + 1;
                    }
                    prevNl = p;
                }
            }
            for (; i < lim; i++) {
                if (b[i] == '\n') {
                    if (i - prevNl == 1 || (i - prevNl == 2 && b[i - 1] == '\r')) {
                        int len = i + 1 - packetStart;
                        if (len == sentinel.length && Arrays.equals(b, packetStart, i + 1, sentinel, 0, len)) {
                            c.lineStart = c.scan = i + 1;
                            return packets;
                        }
                        packets++;
                        packetStart = i + 1;
                    }
                    prevNl = i;
                }
            }
            // Keep the unfinished packet: fill() moves everything from lineStart to the front.
            c.lineStart = packetStart;
            c.scan = lim;
            int shift = packetStart;
            c.fill();
            shift -= c.lineStart; // fill() moved the data left by 'shift' bytes
            packetStart -= shift;
            prevNl -= shift;
        }
        return packets;
    }

    @Override
    public RoundTrips pingSequential(int port, int count, Duration limit) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.login();
            Deadline deadline = new Deadline(limit);
            long[] lat = new long[count];
            long t0 = System.nanoTime();
            int done = 0;
            while (done < count && !deadline.passed()) {
                long s = System.nanoTime();
                c.out.write(PING);
                c.awaitPackets(1);
                lat[done++] = System.nanoTime() - s;
            }
            return new RoundTrips(done, System.nanoTime() - t0, Arrays.copyOf(lat, done));
        }
    }

    @Override
    public RoundTrips pingPipelined(int port, int count, int window, Duration limit) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.login();
            Deadline deadline = new Deadline(limit);
            long[] sentAt = new long[count];
            long[] lat = new long[count];
            byte[] batch = new byte[PING.length * window];
            for (int i = 0; i < window; i++) {
                System.arraycopy(PING, 0, batch, i * PING.length, PING.length);
            }
            long t0 = System.nanoTime();
            int sent = Math.min(window, count);
            long now = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                sentAt[i] = now;
            }
            c.out.write(batch, 0, sent * PING.length);
            int done = 0;
            while (done < count && !deadline.passed()) {
                int k = c.drainPackets(Integer.MAX_VALUE);
                if (k == 0) {
                    c.fill();
                    continue;
                }
                now = System.nanoTime();
                for (int i = 0; i < k; i++, done++) {
                    lat[done] = now - sentAt[done]; // answers come in order (one server thread)
                }
                int more = Math.min(k, count - sent);
                if (more > 0) {
                    now = System.nanoTime();
                    for (int i = 0; i < more; i++) {
                        sentAt[sent + i] = now;
                    }
                    sent += more;
                    c.out.write(batch, 0, more * PING.length);
                }
            }
            return new RoundTrips(done, System.nanoTime() - t0, Arrays.copyOf(lat, done));
        }
    }

    @Override
    public long[] pacedLatencies(int port, int expected, Duration limit) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.login();
            Deadline deadline = new Deadline(limit);
            c.write(EVENTS_ON);
            c.awaitPackets(1);
            long[] lat = new long[expected];
            int n = 0;
            int lineNo = 0;
            long stamp = -1;
            boolean user = false;
            boolean sentinel = false;
            while (!deadline.passed()) {
                final byte[] b = c.buf;
                int ls = c.lineStart;
                for (int i = c.scan; i < c.limit; i++) {
                    if (b[i] != '\n') {
                        continue;
                    }
                    int len = i - ls;
                    if (len > 0 && b[i - 1] == '\r') {
                        len--;
                    }
                    if (len == 0) {
                        if (sentinel) {
                            return Arrays.copyOf(lat, n);
                        }
                        if (stamp >= 0 && n < lat.length) {
                            lat[n++] = nowMicros() - stamp;
                        }
                        lineNo = 0;
                        stamp = -1;
                    } else {
                        if (lineNo == 0) {
                            user = equals(b, ls, len, USER_EVENT);
                        } else if (user && equals(b, ls, len, BENCH_END)) {
                            sentinel = true;
                        } else if (stamp < 0 && startsWith(b, ls, len, TIMESTAMP)) {
                            stamp = parseMicros(b, ls + TIMESTAMP.length, ls + len);
                        }
                        lineNo++;
                    }
                    ls = i + 1;
                }
                c.lineStart = ls;
                c.scan = c.limit;
                c.fill();
            }
            return Arrays.copyOf(lat, n);
        }
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** {@code 1795674381.579907} as µs since the epoch. */
    static long parseMicros(byte[] b, int from, int to) {
        long sec = 0;
        long frac = 0;
        int digits = 0;
        boolean dot = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '.') {
                dot = true;
            } else if (!dot) {
                sec = sec * 10 + (c - '0');
            } else if (digits < 6) {
                frac = frac * 10 + (c - '0');
                digits++;
            }
        }
        for (; digits < 6; digits++) {
            frac *= 10;
        }
        return sec * 1_000_000L + frac;
    }

    private static boolean equals(byte[] b, int from, int len, byte[] what) {
        return len == what.length && startsWith(b, from, len, what);
    }

    private static boolean startsWith(byte[] b, int from, int len, byte[] what) {
        if (len < what.length) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            if (b[from + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
