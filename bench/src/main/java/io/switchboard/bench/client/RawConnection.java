package io.switchboard.bench.client;

import io.switchboard.bench.BlastServer;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The raw limit's socket: one buffer, refilled by plain blocking reads, with the unfinished line moved to the
 * front (what any real reader must do). Knows lines and empty lines, nothing about headers.
 */
final class RawConnection implements Closeable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    byte[] buf = new byte[256 * 1024];
    int limit;
    int lineStart;
    int scan;
    private int lineNo;

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Reads the banner and logs in with a plain secret. */
    void login() throws IOException {
        while (indexOf((byte) '\n') < 0) {
            fill();
        }
        int nl = indexOf((byte) '\n');
        lineStart = scan = nl + 1;
        write("Action: Login\r\nActionID: raw-login\r\nUsername: " + BlastServer.USER + "\r\nSecret: "
                + BlastServer.SECRET + "\r\nEvents: off\r\n\r\n");
        awaitPackets(1);
    }

    void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Blocks until {@code n} more packets have ended; stops right after the n-th. */
    void awaitPackets(int n) throws IOException {
        int seen = 0;
        while ((seen += drainPackets(n - seen)) < n) {
            fill();
        }
    }

    /** Counts up to {@code max} packet ends among the complete lines buffered now, without reading. */
    int drainPackets(int max) {
        final byte[] b = buf;
        int ls = lineStart;
        int ends = 0;
        int i = scan;
        for (; i < limit && ends < max; i++) {
            if (b[i] != '\n') {
                continue;
            }
            int len = i - ls;
            if (len > 0 && b[i - 1] == '\r') {
                len--;
            }
            if (len == 0) {
                if (lineNo > 0) {
                    ends++;
                }
                lineNo = 0;
            } else {
                lineNo++;
            }
            ls = i + 1;
        }
        lineStart = ls;
        scan = i;
        return ends;
    }

    /** Moves the unfinished line to the front, then reads once more. */
    void fill() throws IOException {
        if (lineStart > 0) {
            System.arraycopy(buf, lineStart, buf, 0, limit - lineStart);
            limit -= lineStart;
            scan -= lineStart;
            lineStart = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            throw new EOFException("server closed the connection");
        }
        limit += n;
    }

    private int indexOf(byte c) {
        for (int i = lineStart; i < limit; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Logs off without waiting for Goodbye, then closes. */
    @Override
    public void close() throws IOException {
        try {
            write("Action: Logoff\r\n\r\n");
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
