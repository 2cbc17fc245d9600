package io.switchboard.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The write side of one session. Each call writes one whole unit (a packet, a batch of packets, or injected
 * bytes) under the session's lock, so bytes of different packets never interleave (§4). Faults are applied
 * here: stalls, write splitting (each chunk flushed on its own; TCP_NODELAY is on) and the close-after-N-bytes
 * tripwire.
 */
final class SessionOutput {
    /** Thrown when the tripwire closed the socket; the session ends quietly. */
    static final class FaultClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        FaultClosedException(long bytes) {
            super("closed by fault after " + bytes + " more bytes");
        }
    }

    private final OutputStream out;
    private final FaultState faults;
    private final Connection connection;
    /** Bytes left before the tripwire closes the socket; -1 when disarmed. Guarded by this. */
    private long budget;
    private long armedWith;

    SessionOutput(OutputStream out, FaultState faults, Connection connection, long initialBudget) {
        this.out = out;
        this.faults = faults;
        this.connection = connection;
        this.budget = initialBudget;
        this.armedWith = initialBudget;
    }

    /** Arms the tripwire: the socket closes after {@code n} more bytes. */
    synchronized void closeAfter(long n) {
        budget = n;
        armedWith = n;
        if (n == 0) {
            connection.close();
        }
    }

    /** Writes the first {@code n} bytes of {@code bytes} and closes the session: a loss in mid-packet. */
    synchronized void writeThenClose(byte[] bytes, int n) throws IOException {
        if (connection.isClosed()) {
            throw new IOException("session closed");
        }
        out.write(bytes, 0, n);
        out.flush();
        connection.close();
        throw new FaultClosedException(n);
    }

    /** Writes all of {@code bytes}, honouring the faults. */
    synchronized void write(byte[] bytes) throws IOException {
        try {
            faults.awaitWritable(connection::isClosed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stalled", e);
        }
        if (connection.isClosed()) {
            throw new IOException("session closed");
        }
        int from = 0;
        for (int end : faults.chunkEnds(bytes.length)) {
            int len = end - from;
            if (budget >= 0 && len >= budget) {
                out.write(bytes, from, (int) budget);
                out.flush();
                budget = -1;
                connection.close();
                throw new FaultClosedException(armedWith);
            }
            out.write(bytes, from, len);
            out.flush();
            if (budget >= 0) {
                budget -= len;
            }
            from = end;
        }
    }
}
