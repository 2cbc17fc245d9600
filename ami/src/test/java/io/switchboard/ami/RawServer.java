package io.switchboard.ami;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that writes fixed bytes to each connection it accepts and then says nothing more, reading and
 * discarding what the client writes: for handshakes that go wrong before any AMI exchange (no banner, half a
 * banner). Every socket stays open until {@link #close()}.
 */
final class RawServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final byte[] greeting;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();

    RawServer(String greeting) throws IOException {
        this.greeting = greeting.getBytes(StandardCharsets.UTF_8);
        Thread t = new Thread(this::acceptLoop, "raw-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    AmiConfig.Builder config() {
        return AmiConfig.builder().host("127.0.0.1").port(port()).username("admin").secret(ScriptedServer.SECRET);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                s.getOutputStream().write(greeting);
                s.getOutputStream().flush();
                Thread drain = new Thread(() -> discard(s), "raw-server-session");
                drain.setDaemon(true);
                drain.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void discard(Socket s) {
        byte[] buf = new byte[1024];
        try {
            while (s.getInputStream().read(buf) >= 0) {
                // what the client writes is of no interest
            }
        } catch (IOException e) {
            // the session ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
