package io.switchboard.ami.codec;

import io.switchboard.ami.Packet;
import io.switchboard.ami.ProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns a stream of AMI bytes, split into reads at arbitrary points, into {@link Packet}s. {@link #feed} takes
 * bytes, {@link #readFrom} reads a stream straight into the decoder's buffer; either calls the {@link Handler}
 * for each complete packet, and a partial packet is kept until more bytes arrive.
 *
 * <p>Framing, as Asterisk 22 writes it and as its quirks require: lines end in LF with an optional CR before it;
 * a packet ends at an empty line; empty packets (stray blank lines) are skipped; a header splits at the first
 * {@code ": "}, else at the first {@code ':'}; trailing blanks of a value are trimmed; a line without any colon
 * is kept as a header with an empty key (nothing is dropped). With {@code expectBanner}, a first line without a
 * colon is the greeting ({@code Asterisk Call Manager/11.0.0}), reported through {@link Handler#onBanner}.
 *
 * <p>Pre-14 {@code Command} framing ({@code Response: Follows}, raw lines, {@code --END COMMAND--}) is
 * understood when enabled: the raw lines become {@code Output} headers, exactly like the modern form. It is
 * enabled by a banner announcing AMI below 3.0 (Asterisk 13 and older) or by
 * {@link #legacyCommandFraming(boolean)}; it stays off otherwise, because a {@code Response: Follows} without
 * its end marker would swallow every packet after it.
 *
 * <p>Not thread-safe: one decoder per connection, fed by one reader thread. After a {@link ProtocolException}
 * the decoder is dead; the connection must be closed.
 */
public final class PacketDecoder {
    /** Receives what the decoder finds, on the thread that calls {@link #feed}. */
    public interface Handler {
        /** The server's greeting line (only with {@code expectBanner}). */
        default void onBanner(String banner) {
        }

        /** One complete packet. */
        void onPacket(Packet packet);
    }

    /** The least free space a socket read gets; reads are as large as the buffer's free space allows. */
    private static final int READ_CHUNK = 16 * 1024;
    private static final byte[] END_COMMAND = "--END COMMAND--".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FOLLOWS = "Follows".getBytes(StandardCharsets.US_ASCII);

    private final DecoderLimits limits;
    private final Handler handler;
    private boolean expectBanner;
    private boolean legacyFraming;

    private byte[] buf = new byte[64 * 1024];
    private int limit;          // end of valid bytes in buf
    private int packetStart;    // first byte of the current packet
    private int lineStart;      // first byte of the line being scanned
    private int scanPos;        // where the search for LF resumes
    private int lastLineEnd;    // end (exclusive, without terminator) of the last header line
    /**
     * Where each header line of the current packet starts, relative to {@link #packetStart} (key and value are
     * found later, by whoever reads them).
     */
    private int[] starts;
    private int count;
    private long consumed;
    private String failure;

    /** Legacy {@code Response: Follows} output, null unless inside such a packet. */
    private List<String> followsOutput;
    private List<String[]> followsHeaders;
    private boolean followsEnded;

    public PacketDecoder(DecoderLimits limits, boolean expectBanner, Handler handler) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.expectBanner = expectBanner;
        this.starts = new int[Math.min(32, limits.maxHeaders())]; // never longer than the limit: see line()
    }

    /** Turns pre-Asterisk-14 {@code Response: Follows} command framing on or off, from the next {@link #feed}. */
    public PacketDecoder legacyCommandFraming(boolean enabled) {
        this.legacyFraming = enabled;
        return this;
    }

    /** Whether {@code Response: Follows} packets are read in the pre-14 raw form. */
    public boolean legacyCommandFraming() {
        return legacyFraming;
    }

    /** Decodes {@code len} bytes of {@code src} from {@code off}, calling the handler for each packet found. */
    public void feed(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        checkAlive();
        makeRoom(len);
        System.arraycopy(src, off, buf, limit, len);
        decodeAdded(len);
    }

    /**
     * Reads once from {@code in} straight into the decoder's buffer (no intermediate copy) and decodes what came.
     * Returns the number of bytes read, or -1 at the end of the stream (then call {@link #finish()} to learn
     * whether it ended inside a packet). Blocks as {@link InputStream#read(byte[], int, int)} does.
     */
    public int readFrom(InputStream in) throws IOException {
        checkAlive();
        if (limit == buf.length) {
            makeRoom(READ_CHUNK);
        } else if (buf.length - limit < READ_CHUNK && packetStart > 0) {
            compact(); // a small tail would make many small reads; move the unfinished packet down first
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            return n == 0 ? 0 : -1;
        }
        decodeAdded(n);
        return n;
    }

    private void checkAlive() {
        if (failure != null) {
            throw new ProtocolException("decoder already failed: " + failure);
        }
    }

    /** Decodes the {@code n} bytes just placed at {@link #limit}; a protocol error kills the decoder. */
    private void decodeAdded(int n) {
        limit += n;
        consumed += n;
        try {
            parse();
        } catch (ProtocolException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    /** Decodes all of {@code src}. */
    public void feed(byte[] src) {
        feed(src, 0, src.length);
    }

    /**
     * Declares the end of the stream. Throws {@link ProtocolException} if it ended inside a packet or line,
     * which means the peer vanished mid-packet.
     */
    public void finish() {
        if (failure == null && (count > 0 || followsOutput != null || limit > lineStart)) {
            failure = "stream ended inside a packet";
            throw new ProtocolException("stream ended inside a packet (" + (limit - packetStart)
                    + " bytes of an unfinished packet after " + (consumed - (limit - packetStart)) + " bytes)");
        }
    }

    /** Whether bytes of an unfinished packet are buffered. */
    public boolean inPacket() {
        return count > 0 || followsOutput != null || limit > lineStart;
    }

    /** Total bytes fed so far. */
    public long bytesFed() {
        return consumed;
    }

    /** Makes at least {@code len} bytes free after {@link #limit}: compacts, then grows by doubling if needed. */
    private void makeRoom(int len) {
        if (limit + len > buf.length) {
            compact();
            if (limit + len > buf.length) {
                int needed = limit + len;
                int size = buf.length;
                while (size < needed) {
                    size = size * 2;
                }
                buf = Arrays.copyOf(buf, size);
            }
        }
    }

    /** Moves the unfinished packet to the front of the buffer. */
    private void compact() {
        int shift = packetStart;
        if (shift == 0) {
            return;
        }
        System.arraycopy(buf, shift, buf, 0, limit - shift);
        limit -= shift;
        packetStart = 0;
        lineStart -= shift;
        scanPos -= shift;
        lastLineEnd -= shift; // starts[] are relative to packetStart: they stay
    }

    /**
     * Splits the buffered bytes into lines and packets. LFs are found eight bytes at a time: for
     * {@code x = word ^ LF}, {@code (x - ONES) & ~x & HIGHS} is zero when the word holds no LF, and otherwise its
     * lowest set bit marks the first LF (a higher bit may be a byte just above it, hence the scan resumes right
     * after the LF found). An ordinary line costs a length check and one stored int: colons are found later, only
     * in the headers somebody reads, on the thread that reads them. The banner and pre-14 command output take
     * {@link #specialLine}. Measured from memory, keeping the line table in locals made this loop a third faster
     * than calling a method per line with the table in fields.
     */
    private void parse() {
        final byte[] b = buf;
        final int lim = limit;
        final int maxLine = limits.maxLineBytes();
        boolean special = special();
        // The current packet's line table lives in locals while lines are split; fields are written back before
        // anything that reads them (emit, the special path, leaving).
        int[] st = starts;
        int cnt = count;
        int lastEnd = lastLineEnd;
        int ls = lineStart;
        int i = scanPos;
        while (i < lim) {
            int nl;
            if (i + 8 <= lim) {
                long x = (long) LONGS.get(b, i) ^ LF;
                long m = (x - ONES) & ~x & HIGHS;
                if (m == 0) {
                    i += 8;
                    continue;
                }
                nl = i + (Long.numberOfTrailingZeros(m) >>> 3);
                if (b[nl] != '\n') {
                    i = nl + 1; // a byte above an LF can look like one; the LF itself was the lowest match
                    continue;
                }
            } else if (b[i] != '\n') {
                i++;
                continue;
            } else {
                nl = i;
            }
            i = nl + 1;
            int end = nl > ls && b[nl - 1] == '\r' ? nl - 1 : nl;
            if (end - ls > maxLine) {
                throw new ProtocolException("line longer than " + maxLine + " bytes");
            }
            if (special) {
                count = cnt;
                lastLineEnd = lastEnd;
                specialLine(ls, end, i);
                st = starts;
                cnt = count;
                lastEnd = lastLineEnd;
                special = special();
            } else if (end == ls) {
                if (cnt == 0) {
                    packetStart = i; // stray blank line or empty packet: skip
                } else {
                    count = cnt;
                    lastLineEnd = lastEnd;
                    emit(i);
                    cnt = 0;
                }
            } else {
                if (cnt == st.length) {
                    st = growStarts(cnt);
                }
                st[cnt++] = ls - packetStart;
                lastEnd = end;
            }
            ls = i;
        }
        count = cnt;
        lastLineEnd = lastEnd;
        lineStart = ls;
        scanPos = lim;
        checkUnterminated();
        if (packetStart == lim) {
            // Nothing pending: start the next packet at the front of the buffer.
            packetStart = lineStart = scanPos = lastLineEnd = limit = 0;
        }
    }

    /** A longer line table for a packet with {@code n} headers so far; throws beyond the header limit. */
    private int[] growStarts(int n) {
        if (n >= limits.maxHeaders()) {
            throw new ProtocolException("more than " + limits.maxHeaders() + " headers in one packet");
        }
        starts = Arrays.copyOf(starts, Math.min(n * 2, limits.maxHeaders()));
        return starts;
    }

    /** Whether lines need more than splitting: the banner, or command output framed as before Asterisk 14. */
    private boolean special() {
        return expectBanner || legacyFraming || followsOutput != null;
    }

    /**
     * An ordinary line [start, end) on the special path; {@code next} is the first byte after its terminator.
     * {@link #parse} does the same inline, on locals, for every line of an ordinary read.
     */
    private void line(int start, int end, int next) {
        if (end == start) {
            if (count == 0) {
                packetStart = next; // stray blank line or empty packet: skip
            } else {
                emit(next);
            }
            return;
        }
        if (count == starts.length) {
            growStarts(count);
        }
        starts[count++] = start - packetStart;
        lastLineEnd = end;
    }

    /**
     * Applies the limits to a line still waiting for its LF, measured exactly as a complete line is (content
     * only, a CR that may be the start of CRLF not counted), so the verdict never depends on where a read ends.
     */
    private void checkUnterminated() {
        if (limit == lineStart) {
            return; // nothing beyond the last complete line, which was checked when it completed
        }
        int contentEnd = buf[limit - 1] == '\r' ? limit - 1 : limit;
        if (contentEnd - lineStart > limits.maxLineBytes()) {
            throw new ProtocolException("line longer than " + limits.maxLineBytes() + " bytes");
        }
        if (contentEnd - packetStart > limits.maxPacketBytes()) {
            throw new ProtocolException("packet larger than " + limits.maxPacketBytes() + " bytes");
        }
    }

    /** A line while the banner is expected or legacy command framing is on; otherwise as {@link #line}. */
    private void specialLine(int start, int end, int next) {
        if (expectBanner) {
            expectBanner = false;
            if (indexOf((byte) ':', start, end) < 0 && end > start) {
                String banner = new String(buf, start, end - start, StandardCharsets.UTF_8);
                if (announcesLegacyAmi(banner)) {
                    legacyFraming = true;
                }
                handler.onBanner(banner);
                packetStart = next;
                return;
            }
        }
        if (followsOutput != null) {
            followsLine(start, end, next);
            return;
        }
        line(start, end, next);
        if (count == 1 && end > start && legacyFraming && isFollows(start, keyEnd(start, end), end)) {
            startFollows();
        }
    }

    /** Where a line's key ends, as {@link Packet} splits it: the first ": ", else the first ':', else none. */
    private int keyEnd(int start, int end) {
        int colon = indexOf((byte) ':', start, end);
        if (colon < 0) {
            return start;
        }
        if (colon + 1 < end && buf[colon + 1] == ' ') {
            return colon;
        }
        int sep = indexOfColonSpace(colon + 1, end);
        return sep >= 0 ? sep : colon;
    }

    /** {@code Asterisk Call Manager/2.10.6}: AMI versions below 3 come from Asterisk 13 or older. */
    static boolean announcesLegacyAmi(String banner) {
        int slash = banner.lastIndexOf('/');
        if (slash < 0 || slash + 1 >= banner.length()) {
            return false;
        }
        int major = 0;
        int i = slash + 1;
        while (i < banner.length() && Character.isDigit(banner.charAt(i)) && major < 1000) {
            major = major * 10 + (banner.charAt(i) - '0');
            i++;
        }
        return i > slash + 1 && major < 3;
    }

    private boolean isFollows(int keyStart, int keyEnd, int end) {
        if (keyEnd - keyStart != 8 || !regionEqualsIgnoreCase(keyStart, "Response")) {
            return false;
        }
        // The value as Packet frames it: after ": " (or ':' and blanks), trailing blanks trimmed.
        int valueStart = keyEnd + 1;
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        } else {
            while (valueStart < end && (buf[valueStart] == ' ' || buf[valueStart] == '\t')) {
                valueStart++;
            }
        }
        int valueEnd = end;
        while (valueEnd > valueStart && (buf[valueEnd - 1] == ' ' || buf[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        return valueEnd - valueStart == FOLLOWS.length && regionEqualsIgnoreCase(valueStart, "Follows");
    }

    private boolean regionEqualsIgnoreCase(int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            int a = buf[from + i];
            int c = s.charAt(i);
            if (a != c && (a | 0x20) != (c | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private void startFollows() {
        followsOutput = new ArrayList<>();
        followsHeaders = new ArrayList<>();
        followsHeaders.add(new String[] {"Response", "Follows"});
        followsEnded = false;
        count = 0;
    }

    /**
     * A line of a pre-14 {@code Response: Follows} packet. Leading {@code Privilege}/{@code ActionID} lines
     * are headers; everything else up to {@code --END COMMAND--} is raw CLI output (colons and blank lines
     * included); then an empty line ends the packet.
     */
    private void followsLine(int start, int end, int next) {
        if (end - packetStart > limits.maxPacketBytes()) {
            throw new ProtocolException("packet larger than " + limits.maxPacketBytes() + " bytes");
        }
        String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
        if (followsEnded) {
            if (text.isEmpty()) {
                emitFollows(next);
            } else {
                addFollowsHeader(text);
            }
            return;
        }
        int marker = endsWith(start, end, END_COMMAND);
        if (marker >= 0) {
            if (marker > start) {
                countFollowsLine();
                followsOutput.add(new String(buf, start, marker - start, StandardCharsets.UTF_8));
            }
            followsEnded = true;
            return;
        }
        if (followsOutput.isEmpty() && (startsWithKey(text, "Privilege") || startsWithKey(text, "ActionID"))) {
            addFollowsHeader(text);
            return;
        }
        countFollowsLine();
        followsOutput.add(text);
    }

    /**
     * A {@code Key: Value} line of a legacy packet. Lines split on LF only, so a stray CR may sit inside; it
     * becomes a space. A line that cannot be a clean header (no key, or a key with ':') is kept as output.
     */
    private void addFollowsHeader(String text) {
        countFollowsLine();
        int sep = text.indexOf(": ");
        String key = sep > 0 ? text.substring(0, sep) : "";
        if (key.isEmpty() || key.indexOf(':') >= 0 || key.indexOf('\r') >= 0) {
            followsOutput.add(text);
            return;
        }
        followsHeaders.add(new String[] {key, text.substring(sep + 2).replace('\r', ' ').strip()});
    }

    /** One more header for the legacy packet being built; the +1 is the Message header added at the end. */
    private void countFollowsLine() {
        if (followsOutput.size() + followsHeaders.size() + 1 >= limits.maxHeaders()) {
            throw new ProtocolException("more than " + limits.maxHeaders() + " headers in one packet");
        }
    }

    private static boolean startsWithKey(String text, String key) {
        return text.regionMatches(true, 0, key + ": ", 0, key.length() + 2);
    }

    private void emitFollows(int next) {
        Packet.Builder builder = Packet.builder();
        for (String[] h : followsHeaders) {
            builder.add(h[0], h[1]);
        }
        builder.add("Message", "Command output follows");
        for (String line : followsOutput) {
            builder.add("Output", line.replace('\r', ' '));
        }
        followsOutput = null;
        followsHeaders = null;
        packetStart = next;
        count = 0;
        handler.onPacket(builder.build());
    }

    private int endsWith(int start, int end, byte[] suffix) {
        int from = end - suffix.length;
        if (from < start) {
            return -1;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (buf[from + i] != suffix[i]) {
                return -1;
            }
        }
        return from;
    }

    private void emit(int next) {
        int base = packetStart;
        if (lastLineEnd - base > limits.maxPacketBytes()) {
            throw new ProtocolException("packet larger than " + limits.maxPacketBytes() + " bytes");
        }
        byte[] data = Arrays.copyOfRange(buf, base, lastLineEnd);
        int headers = count;
        int[] lines = Arrays.copyOf(starts, headers);
        count = 0;
        packetStart = next;
        handler.onPacket(Packet.wrapLines(data, lines, headers));
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LF = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private int indexOf(byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfColonSpace(int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (buf[i] == ':' && buf[i + 1] == ' ') {
                return i;
            }
        }
        // "Key:" at the very end (empty value written without the space)
        return -1;
    }
}
