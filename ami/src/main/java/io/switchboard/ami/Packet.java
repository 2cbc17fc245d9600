package io.switchboard.ami;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One AMI packet: an ordered list of {@code Key: Value} headers, as received from (or sent to) the wire.
 *
 * <p>Immutable and thread-safe. Keys keep the sender's spelling and may repeat ({@code Output},
 * {@code Variable}, {@code ChanVariable}); lookups compare keys case-insensitively (ASCII) and return the
 * first match. A decoded packet holds its bytes in one array plus header offsets; strings are decoded (UTF-8)
 * only when asked for, so reading two headers of a 40-header event costs two small strings.
 *
 * <p>The first header classifies the packet: {@code Event: X} is an event, {@code Response: X} is a response.
 * {@code OriginateResponse} events carry a {@code Response} header too, which is why only the first line counts.
 */
public final class Packet {
    /** What the first header says the packet is. */
    public enum Kind {
        /** First header is {@code Event}. */
        EVENT,
        /** First header is {@code Response}. */
        RESPONSE,
        /** First header is {@code Action} (a request, as a server sees it). */
        ACTION,
        /** Anything else (e.g. a request without Action, or a server quirk). */
        OTHER
    }

    private static final int[] NO_SPANS = new int[0];

    /** {@link #spans} holds four ints per header: key start, key end, value start, value end (built, wrapped). */
    private static final byte SPANS = 0;
    /**
     * One int per header, where its line starts; key and value are derived from the line framing when asked for
     * (decoded packets: the reader thread only finds line ends, the thread that reads a header finds its colon).
     */
    private static final byte STARTS = 1;

    private final byte[] data;
    /** Header offsets into {@link #data}, in the form {@link #layout} names. */
    private final int[] spans;
    private final int count;
    private final byte layout;
    private final Kind kind;
    /**
     * Where the first header's value (the event name, the response status) lies in {@link #data}: found once,
     * because every subscription made by name compares it, on the reader thread, for every event.
     */
    private final int nameFrom;
    private final int nameTo;

    /**
     * Wraps decoded bytes without copying. For decoders: {@code data} and {@code spans} must not change
     * afterwards. {@code spans} holds four ints per header: key start, key end, value start, value end.
     */
    public static Packet wrap(byte[] data, int[] spans, int headerCount) {
        if (spans.length < headerCount * 4) {
            throw new IllegalArgumentException("spans too short for " + headerCount + " headers");
        }
        return new Packet(data, spans, headerCount, SPANS);
    }

    /**
     * Wraps header lines without copying, in the compact form a decoder produces; {@code data} and
     * {@code lineStarts} must not change afterwards. {@code data} holds the packet's header lines as they came
     * from the wire, each ended by LF with an optional CR before it, except the last, which ends at the end of the
     * array (no empty line); {@code lineStarts[i]} is where header {@code i}'s line starts. Key and value are
     * found only when asked for, as the decoder frames them: the key ends at the first {@code ": "}, else at the
     * first {@code ':'}; a line without a colon has an empty key and is all value; the value starts after
     * {@code ": "} (or after the colon and any blanks) and runs to the line end, CR and trailing blanks trimmed.
     *
     * <p>Storing 4 bytes per header, and finding no colons while reading the socket, is what keeps a decoded
     * event near its wire size in memory and the reader thread near the speed of finding packet boundaries.
     */
    public static Packet wrapLines(byte[] data, int[] lineStarts, int headerCount) {
        if (headerCount < 0 || lineStarts.length < headerCount) {
            throw new IllegalArgumentException("lines too short for " + headerCount + " headers");
        }
        return new Packet(data, lineStarts, headerCount, STARTS);
    }

    private Packet(byte[] data, int[] spans, int count, byte layout) {
        this.data = data;
        this.spans = spans;
        this.count = count;
        this.layout = layout;
        if (count == 0) {
            this.kind = Kind.OTHER;
            this.nameFrom = this.nameTo = 0;
        } else {
            int keyEnd = keyEnd(0);
            this.kind = classify(keyStart(0), keyEnd);
            this.nameFrom = valueStart(0, keyEnd);
            this.nameTo = valueEnd(0, nameFrom);
        }
    }

    private int keyStart(int i) {
        return layout == SPANS ? spans[4 * i] : spans[i];
    }

    private int keyEnd(int i) {
        return layout == SPANS ? spans[4 * i + 1] : derivedKeyEnd(spans[i], lineEnd(i));
    }

    /** The decoder's split: the first ": ", else the first ':'; no colon at all: an empty key. */
    private int derivedKeyEnd(int start, int end) {
        for (int c = start; c < end; c++) {
            if (data[c] == ':') {
                if (c + 1 < end && data[c + 1] == ' ') {
                    return c;
                }
                for (int j = c + 1; j + 1 < end; j++) {
                    if (data[j] == ':' && data[j + 1] == ' ') {
                        return j; // a key holding ':' (ChanVariable(IAX2/host:4569-1): x)
                    }
                }
                return c;
            }
        }
        return start;
    }

    private int valueStart(int i) {
        return valueStart(i, keyEnd(i));
    }

    /** Where header {@code i}'s value starts, its key ending at {@code keyEnd}. */
    private int valueStart(int i, int keyEnd) {
        return layout == SPANS ? spans[4 * i + 2] : derivedValueStart(keyEnd, lineEnd(i));
    }

    private int valueEnd(int i) {
        return valueEnd(i, valueStart(i));
    }

    /** Where header {@code i}'s value ends, it starting at {@code valueStart}. */
    private int valueEnd(int i, int valueStart) {
        return layout == SPANS ? spans[4 * i + 3] : trimEnd(valueStart, lineEnd(i));
    }

    /** End of header {@code i}'s line content: before the LF (and one CR) that the next line starts after. */
    private int lineEnd(int i) {
        if (i + 1 == count) {
            return data.length;
        }
        int lf = keyStart(i + 1) - 1;
        return lf > keyStart(i) && data[lf - 1] == '\r' ? lf - 1 : lf;
    }

    /** Where the value starts, mirroring the decoder: after ": ", else after ':' and blanks; no colon: the line. */
    private int derivedValueStart(int keyEnd, int lineEnd) {
        if (keyEnd >= lineEnd || data[keyEnd] != ':') {
            return keyEnd; // no colon: the key is empty and the whole line is the value
        }
        int v = keyEnd + 1;
        if (v < lineEnd && data[v] == ' ') {
            return v + 1;
        }
        while (v < lineEnd && (data[v] == ' ' || data[v] == '\t')) {
            v++;
        }
        return v;
    }

    private int trimEnd(int valueStart, int end) {
        while (end > valueStart && (data[end - 1] == ' ' || data[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    /** A packet made of the given headers, in order. */
    public static Packet of(List<Header> headers) {
        Builder b = builder();
        for (Header h : headers) {
            b.add(h.key(), h.value());
        }
        return b.build();
    }

    /** A packet from alternating keys and values: {@code Packet.of("Event", "Hangup", "Channel", "x")}. */
    public static Packet of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Builder b = builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        return b.build();
    }

    /** A builder for packets made in code (tests, FakeAsterisk, encoders). */
    public static Builder builder() {
        return new Builder();
    }

    /** The kind the first header's key [from, to) names. */
    private Kind classify(int from, int to) {
        if (regionEqualsIgnoreCase(from, to, "Event")) {
            return Kind.EVENT;
        }
        if (regionEqualsIgnoreCase(from, to, "Response")) {
            return Kind.RESPONSE;
        }
        if (regionEqualsIgnoreCase(from, to, "Action")) {
            return Kind.ACTION;
        }
        return Kind.OTHER;
    }

    /** What the first header says this packet is. */
    public Kind kind() {
        return kind;
    }

    /** The value of the first header (the event name for events, the status for responses), or "" if empty. */
    public String name() {
        return decode(nameFrom, nameTo);
    }

    /** Number of header lines. */
    public int size() {
        return count;
    }

    /** The key of header {@code i}, as the sender spelled it. */
    public String key(int i) {
        Objects.checkIndex(i, count);
        return decode(keyStart(i), keyEnd(i));
    }

    /** The value of header {@code i}. */
    public String value(int i) {
        Objects.checkIndex(i, count);
        if (i == 0) {
            return name();
        }
        int from = valueStart(i);
        return decode(from, valueEnd(i, from));
    }

    /** Whether the key of header {@code i} equals {@code key}, ignoring ASCII case. Allocates nothing. */
    public boolean keyEquals(int i, String key) {
        Objects.checkIndex(i, count);
        return regionEqualsIgnoreCase(keyStart(i), keyEnd(i), key);
    }

    /**
     * Whether the key of header {@code i} ends with {@code suffix}, ignoring ASCII case ({@code DestChannel} ends
     * with {@code channel}). Allocates nothing for an ASCII suffix: channel subscriptions ask this of every header
     * of every event, on the reader thread.
     */
    public boolean keyEndsWithIgnoreCase(int i, String suffix) {
        Objects.checkIndex(i, count);
        int from = keyStart(i);
        int to = keyEnd(i);
        int n = suffix.length();
        for (int j = 0; j < n; j++) {
            if (suffix.charAt(j) >= 0x80) { // rare: compare decoded text, so a multi-byte character is not split
                String key = decode(from, to);
                return key.length() >= n && key.regionMatches(true, key.length() - n, suffix, 0, n);
            }
        }
        return to - from >= n && asciiRegionEqualsIgnoreCase(to - n, suffix, n);
    }

    /**
     * Compares bytes [from, to) with {@code s}, ignoring ASCII case. ASCII strings compare byte by byte with no
     * allocation; a string with other characters is compared after decoding (rare: AMI keys are ASCII).
     */
    private boolean regionEqualsIgnoreCase(int from, int to, String s) {
        int len = to - from;
        int n = s.length();
        for (int j = 0; j < n; j++) {
            if (s.charAt(j) >= 0x80) {
                return decode(from, to).equalsIgnoreCase(s);
            }
        }
        return len == n && asciiRegionEqualsIgnoreCase(from, s, n);
    }

    /** Whether the value of header {@code i} equals {@code value}, ignoring ASCII case. Allocates nothing. */
    public boolean valueEqualsIgnoreCase(int i, String value) {
        Objects.checkIndex(i, count);
        if (i == 0) {
            return regionEqualsIgnoreCase(nameFrom, nameTo, value);
        }
        int from = valueStart(i);
        return regionEqualsIgnoreCase(from, valueEnd(i, from), value);
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Index of the first header with this key (ignoring case), or -1. */
    public int indexOf(String key) {
        int n = key.length();
        for (int j = 0; j < n; j++) {
            if (key.charAt(j) >= 0x80) {
                return indexOfDecoded(key);
            }
        }
        if (layout == STARTS) {
            return indexOfLine(key, n);
        }
        // ASCII key (always, in practice): the length check rejects most headers before any byte is compared.
        for (int i = 0; i < count; i++) {
            int from = keyStart(i);
            if (keyEnd(i) - from == n && asciiRegionEqualsIgnoreCase(from, key, n)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Decoded form: a line holds key {@code key} (no ':' in it) when its bytes {@code n} from the start are ": ",
     * or ':' with no ": " later in the line, and the first {@code n} bytes match. The byte at {@code n} rejects
     * nearly every other header before anything is compared.
     */
    private int indexOfLine(String key, int n) {
        if (key.indexOf(':') >= 0) {
            return indexOfDecoded(key); // keys holding ':' follow the general rule
        }
        for (int i = 0; i < count; i++) {
            if (lineHasKey(i, key, n)) {
                return i;
            }
        }
        return -1;
    }

    /** Decoded form, {@code key} ASCII without ':': whether line {@code i}'s key is {@code key} (any case). */
    private boolean lineHasKey(int i, String key, int n) {
        int from = spans[i];
        int sep = from + n;
        if (sep >= data.length || data[sep] != ':' || !asciiRegionEqualsIgnoreCase(from, key, n)) {
            return false;
        }
        int end = lineEnd(i);
        return sep < end && (sep + 1 < end && data[sep + 1] == ' ' || derivedKeyEnd(from, end) == sep);
    }

    private int indexOfDecoded(String key) {
        for (int i = 0; i < count; i++) {
            if (keyEquals(i, key)) {
                return i;
            }
        }
        return -1;
    }

    private boolean asciiRegionEqualsIgnoreCase(int from, String s, int n) {
        for (int j = 0; j < n; j++) {
            int a = data[from + j] & 0xff;
            int b = s.charAt(j);
            if (a != b && toLower(a) != toLower(b)) {
                return false;
            }
        }
        return true;
    }

    /** The value of the first header with this key (ignoring case), or {@code null}. */
    public String get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    /** Whether a header with this key is present. */
    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** Every value of headers with this key, in wire order (e.g. all {@code Output} lines). */
    public List<String> getAll(String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (keyEquals(i, key)) {
                out.add(value(i));
            }
        }
        return out;
    }

    /** The headers in wire order, as an unmodifiable list view. */
    public List<Header> headers() {
        return new AbstractList<>() {
            @Override
            public Header get(int index) {
                return new Header(key(index), value(index));
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** The {@code ActionID} header, or {@code null}. */
    public String actionId() {
        return get("ActionID");
    }

    /** The packet as AMI wire bytes: each header as {@code Key: Value\r\n}, then an empty line. */
    public byte[] toWire() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + count * 4 + 2);
        writeTo(out);
        return out.toByteArray();
    }

    /** Writes the packet as AMI wire bytes to {@code out}. */
    public void writeTo(ByteArrayOutputStream out) {
        for (int i = 0; i < count; i++) {
            int keyStart = keyStart(i);
            int keyLength = keyEnd(i) - keyStart;
            if (keyLength > 0) { // a line that had no colon is written back as it came
                out.write(data, keyStart, keyLength);
                out.write(':');
                out.write(' ');
            }
            int valueStart = valueStart(i);
            out.write(data, valueStart, valueEnd(i) - valueStart);
            out.write('\r');
            out.write('\n');
        }
        out.write('\r');
        out.write('\n');
    }

    private String decode(int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Packet other) || other.count != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!Arrays.equals(data, keyStart(i), keyEnd(i), other.data, other.keyStart(i), other.keyEnd(i))
                    || !Arrays.equals(data, valueStart(i), valueEnd(i),
                    other.data, other.valueStart(i), other.valueEnd(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = count;
        for (int i = 0; i < count; i++) {
            for (int j = keyStart(i), end = keyEnd(i); j < end; j++) {
                h = 31 * h + data[j];
            }
            for (int j = valueStart(i), end = valueEnd(i); j < end; j++) {
                h = 31 * h + data[j];
            }
        }
        return h;
    }

    /** Headers one per line, secrets ({@code Secret}, {@code Key}) masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Packet{");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String key = key(i);
            sb.append(key).append(": ").append(Secrets.isSecretKey(key) ? Secrets.MASK : value(i));
        }
        return sb.append('}').toString();
    }

    /**
     * Builds a packet header by header. Values must be free of CR and LF and keys free of CR, LF and ": ", so
     * that a built packet always encodes to exactly the headers it was given.
     */
    public static final class Builder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private int[] spans = NO_SPANS;
        private int count;

        private Builder() {
        }

        /**
         * Appends a header. Throws {@link IllegalArgumentException} for an invalid key or value. Keys may hold
         * ':' as Asterisk's do ({@code ChanVariable(IAX2/host:4569-1)}) but not ": ", CR or LF; an empty key
         * stands for a line without a colon (as decoded from a quirky server), so its value must have no ':'.
         */
        public Builder add(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) {
                if (value.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("a header with an empty key cannot have ':' in its value");
                }
            } else {
                checkWireKey(key);
            }
            checkValue(key, value);
            if (spans.length < (count + 1) * 4) {
                spans = Arrays.copyOf(spans, Math.max(16, spans.length * 2));
            }
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            int base = bytes.size();
            bytes.write(k, 0, k.length);
            bytes.write(v, 0, v.length);
            spans[4 * count] = base;
            spans[4 * count + 1] = base + k.length;
            spans[4 * count + 2] = base + k.length;
            spans[4 * count + 3] = base + k.length + v.length;
            count++;
            return this;
        }

        /** Appends every header of {@code packet}. */
        public Builder addAll(Packet packet) {
            for (int i = 0; i < packet.size(); i++) {
                add(packet.key(i), packet.value(i));
            }
            return this;
        }

        public Packet build() {
            return new Packet(bytes.toByteArray(), Arrays.copyOf(spans, count * 4), count, SPANS);
        }
    }

    static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("header key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\r' || c == '\n' || c == ':') {
                throw new IllegalArgumentException("header key contains CR, LF or ':': " + printable(key));
            }
        }
    }

    /** Any key a decoder can produce: no CR, LF or ": " (which would move the split), not ending in ':'. */
    static void checkWireKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\r' || c == '\n' || (c == ':' && (i + 1 == key.length() || key.charAt(i + 1) == ' '))) {
                throw new IllegalArgumentException("header key contains CR, LF or \": \": " + printable(key));
            }
        }
    }

    static void checkValue(String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("value of header '" + printable(key)
                        + "' contains CR or LF (header injection refused)");
            }
        }
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
