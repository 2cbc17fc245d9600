package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recorded event storm ({@code event_storm.recv}, Asterisk 22.10.1), held in memory. The banner and the
 * responses to the recording client's actions are set aside; what the blast server replays is the event
 * packets only, byte for byte as Asterisk wrote them (CRLF, final empty line).
 */
public final class Corpus {
    /** Classpath location of the storm recording in module {@code transcripts}. */
    public static final String RESOURCE = "io/switchboard/transcripts/event_storm.recv";

    /** The packet that ends every blast; no event in the corpus looks like it. */
    public static final byte[] SENTINEL = ascii("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: BenchEnd\r\n\r\n");

    private final byte[] raw;
    private final int packetCount;
    private final List<byte[]> events;
    private final byte[] eventBytes;

    private Corpus(byte[] raw) {
        this.raw = raw;
        List<byte[]> all = split(raw);
        this.packetCount = all.size();
        List<byte[]> ev = new ArrayList<>();
        int total = 0;
        for (byte[] p : all) {
            if (startsWith(p, "Event:")) {
                ev.add(p);
                total += p.length;
            }
        }
        this.events = List.copyOf(ev);
        this.eventBytes = new byte[total];
        int at = 0;
        for (byte[] p : ev) {
            System.arraycopy(p, 0, eventBytes, at, p.length);
            at += p.length;
        }
    }

    /** Loads the recording from the classpath. */
    public static Corpus load() {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("corpus not on the classpath: " + RESOURCE);
            }
            return new Corpus(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole recording as received, banner first (what the JMH decoder benchmark feeds). */
    public byte[] raw() {
        return raw.clone();
    }

    /** Packets in the recording (events and responses, banner excluded). */
    public int packetCount() {
        return packetCount;
    }

    /** Event packets, each with its terminating empty line. */
    public List<byte[]> events() {
        return events;
    }

    /** Number of event packets. */
    public int eventCount() {
        return events.size();
    }

    /** All event packets back to back: one replay of the storm as the server writes it. */
    public byte[] eventBytes() {
        return eventBytes;
    }

    /**
     * A copy of event {@code i} with a {@code Timestamp: sec.micros} header after its {@code Privilege} line,
     * where Asterisk puts it with {@code timestampevents = yes}.
     */
    public static byte[] stamped(byte[] event, long epochMicros) {
        int second = secondLineEnd(event);
        byte[] stamp = ascii("Timestamp: " + (epochMicros / 1_000_000) + "." + pad6(epochMicros % 1_000_000) + "\r\n");
        byte[] out = new byte[event.length + stamp.length];
        System.arraycopy(event, 0, out, 0, second);
        System.arraycopy(stamp, 0, out, second, stamp.length);
        System.arraycopy(event, second, out, second + stamp.length, event.length - second);
        return out;
    }

    private static String pad6(long v) {
        String s = Long.toString(v);
        return "000000".substring(s.length()) + s;
    }

    /** Offset just after the second line's LF (or after the first if there is only one). */
    private static int secondLineEnd(byte[] p) {
        int lines = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == '\n' && ++lines == 2) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("event has fewer than two lines");
    }

    /** Splits a received stream into packets (each with its empty line); skips a banner line without colon. */
    static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        int lineStart = 0;
        boolean first = true;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != '\n') {
                continue;
            }
            int len = i - lineStart;
            if (len > 0 && data[i - 1] == '\r') {
                len--;
            }
            if (first) {
                first = false;
                if (indexOf(data, (byte) ':', lineStart, lineStart + len) < 0) {
                    start = i + 1; // banner
                    lineStart = i + 1;
                    continue;
                }
            }
            if (len == 0) {
                if (i + 1 - start > 2) {
                    out.add(Arrays.copyOfRange(data, start, i + 1));
                }
                start = i + 1;
            }
            lineStart = i + 1;
        }
        return out;
    }

    private static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] p, String prefix) {
        if (p.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (p[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
