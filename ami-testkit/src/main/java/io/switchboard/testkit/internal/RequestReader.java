package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a client's bytes into requests the way Asterisk's session thread does ({@code get_input} and
 * {@code do_message}, ami-protocol.md §3), rather than with the client-side {@code PacketDecoder}, because a
 * test server must react to a client's mistakes as Asterisk would:
 * <ul>
 *   <li>a line ends at LF, one CR before it is dropped; a line is cut at its first NUL (C strings);</li>
 *   <li>every empty line ends a request, also one with no header lines before it (a stray blank line is an
 *       empty request, answered "Missing action in request");</li>
 *   <li>the input buffer holds 1024 bytes: when it fills without an LF, its bytes are thrown away except the
 *       last, the request is marked "line too long", and the rest of the line counts as a new line;</li>
 *   <li>lines after the 128th are dropped and the request is marked "too many lines";</li>
 *   <li>a header's key is everything before the first ':'; its value starts after the colon and any bytes
 *       below 33 and keeps trailing blanks ({@code __astman_get_header}), so {@code Action:\tPing} is a Ping.</li>
 * </ul>
 * Never throws on bad input and keeps at most one request (128 lines of 1 KiB) buffered. Not thread-safe: one
 * reader per connection, on its reader thread.
 */
final class RequestReader {
    /** Bytes of Asterisk's input buffer in use (its {@code inbuf} is 1025 bytes, one kept for the NUL). */
    static final int BUFFER = 1024;
    /** AST_MAX_MANHEADERS. */
    static final int MAX_HEADERS = 128;

    /** What went wrong while a request was read; Asterisk then answers with an error and does not run it. */
    enum Problem { NONE, LINE_TOO_LONG, TOO_MANY_LINES }

    /**
     * One request: its header lines (at most 128) as a packet and as the bytes received (without terminators;
     * UserEvent copies them as they are), and whether it may run.
     */
    record Request(Packet packet, List<byte[]> lines, Problem problem) {
    }

    private final byte[] line = new byte[BUFFER];
    private int lineLength;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream(256);
    private final List<byte[]> rawLines = new ArrayList<>();
    private int[] spans = new int[4 * 16];
    private int headers;
    private boolean lineTooLong;
    private boolean tooManyLines;

    /** Feeds bytes as they were read; {@code out} gets each request completed by them, in order. */
    void feed(byte[] src, int off, int len, Consumer<Request> out) {
        for (int i = off; i < off + len; i++) {
            byte b = src[i];
            if (b == '\n') {
                int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                lineLength = 0;
                endOfLine(end, out);
                continue;
            }
            line[lineLength++] = b;
            if (lineLength == BUFFER) {
                // Buffer full and no LF: Asterisk keeps only the last byte (it may be the CR of a CRLF).
                line[0] = line[BUFFER - 1];
                lineLength = 1;
                lineTooLong = true;
            }
        }
    }

    private void endOfLine(int end, Consumer<Request> out) {
        int length = 0;
        while (length < end && line[length] != 0) {
            length++;
        }
        if (length == 0) {
            out.accept(finish());
        } else if (headers < MAX_HEADERS) {
            addHeader(length);
        } else {
            tooManyLines = true;
        }
    }

    private void addHeader(int length) {
        int base = lines.size();
        lines.write(line, 0, length);
        rawLines.add(Arrays.copyOf(line, length));
        int colon = 0;
        while (colon < length && line[colon] != ':') {
            colon++;
        }
        int keyEnd;
        int valueStart;
        if (colon == length) {
            keyEnd = base;            // no colon: no key, the whole line is the value (matches no lookup)
            valueStart = base;
        } else {
            keyEnd = base + colon;
            int v = colon + 1;
            while (v < length && (line[v] & 0xff) < 33) {
                v++;
            }
            valueStart = base + v;
        }
        if (spans.length < 4 * (headers + 1)) {
            spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[4 * headers] = base;
        spans[4 * headers + 1] = keyEnd;
        spans[4 * headers + 2] = valueStart;
        spans[4 * headers + 3] = base + length;
        headers++;
    }

    private Request finish() {
        Packet packet = Packet.wrap(lines.toByteArray(), Arrays.copyOf(spans, 4 * headers), headers);
        Problem problem = tooManyLines ? Problem.TOO_MANY_LINES
                : lineTooLong ? Problem.LINE_TOO_LONG : Problem.NONE;
        List<byte[]> raw = List.copyOf(rawLines);
        lines.reset();
        rawLines.clear();
        headers = 0;
        tooManyLines = false;
        lineTooLong = false;
        return new Request(packet, raw, problem);
    }
}
