package io.switchboard.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The "socket" under the {@link Connection} of an HTTP manager session. The session logic ({@link LiveSession},
 * {@link BuiltinActions}, the call engine) writes replies to a {@code Connection}; over HTTP there is no socket per
 * session, so this adapter captures what is written during one request into that request's reply body. It never
 * touches the network: nothing is connected, the input is empty, and closing only marks the session as ended
 * (Logoff, failed login, a fault), which the HTTP side then turns into destroying the cookie session.
 *
 * <p>Ports are those of the HTTP exchange that runs the current request, for the security events.
 */
final class HttpSessionSocket extends Socket {
    private final Object lock = new Object();
    private final int localPort;
    private ByteArrayOutputStream capture;
    private volatile int remotePort;
    private volatile boolean closed;

    HttpSessionSocket(int localPort) {
        this.localPort = localPort;
    }

    /** Starts capturing the reply of a request from {@code fromPort}. */
    void begin(int fromPort) {
        synchronized (lock) {
            remotePort = fromPort;
            capture = new ByteArrayOutputStream(256);
        }
    }

    /** Ends the capture and returns the bytes written since {@link #begin}. */
    byte[] end() {
        synchronized (lock) {
            byte[] bytes = capture == null ? new byte[0] : capture.toByteArray();
            capture = null;
            return bytes;
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    if (capture != null) {
                        capture.write(b, off, len);
                    }
                }
            }
        };
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return !closed;
    }

    @Override
    public int getPort() {
        return remotePort;
    }

    @Override
    public int getLocalPort() {
        return localPort;
    }
}
