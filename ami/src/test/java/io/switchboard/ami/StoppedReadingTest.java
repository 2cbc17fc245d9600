package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that keeps sending events but stops reading (its session thread is stuck): the client's socket write
 * blocks with no timeout of its own, and since bytes keep arriving the idle keepalive never pings. The client
 * must notice the blocked write, drop the connection, reconnect, and settle every action.
 */
class StoppedReadingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private AmiClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        ticker.shutdownNow();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void aWriteBlockedOnAServerThatStoppedReadingDropsTheConnection() throws Exception {
        server = new ServerSocket();
        server.setReceiveBufferSize(4096);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // Session 1: greets, accepts the login, then only writes (an event every 50 ms) and never reads again.
        // Later sessions are served normally by a ScriptedServer-like loop.
        Thread acceptor = new Thread(this::accept, "stopped-reading-server");
        acceptor.setDaemon(true);
        acceptor.start();

        List<ConnectionEvent> lifecycle = new CopyOnWriteArrayList<>();
        client = AmiClient.connect(AmiConfig.builder().host("127.0.0.1").port(server.getLocalPort())
                .username("admin").secret(ScriptedServer.SECRET).keepaliveInterval(Duration.ofMillis(100))
                .keepaliveTimeout(Duration.ofMillis(500)).backoff(Backoff.fixed(Duration.ofMillis(20)))
                .connectionListener(lifecycle::add).build());
        String big = "x".repeat(60_000);
        List<CompletableFuture<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // 18 MB: far more than the socket buffers take
            sent.add(client.sendAsync(Action.named("UserEvent").header("UserEvent", "bulk").header("Data", big)));
        }

        await().atMost(WAIT).until(() -> lifecycle.stream().anyMatch(e -> e.type() == ConnectionEvent.Type.LOST));
        ConnectionEvent lost = lifecycle.stream().filter(e -> e.type() == ConnectionEvent.Type.LOST).findFirst()
                .orElseThrow();
        assertThat(lost.cause()).hasMessageContaining("stopped reading");
        for (CompletableFuture<Response> f : sent) {
            assertThat(f.handle((r, e) -> e == null ? r : e)).succeedsWithin(WAIT);
        }
        await().atMost(WAIT).until(() -> lifecycle.stream().anyMatch(e -> e.type() == ConnectionEvent.Type.RESTORED));
        assertThat(client.send(Action.named("Ping")).isSuccess()).isTrue();
    }

    private void accept() {
        boolean first = true;
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                boolean stopReading = first;
                first = false;
                Thread t = new Thread(() -> serve(s, stopReading), "stopped-reading-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, boolean stopReading) {
        try {
            OutputStream out = s.getOutputStream();
            out.write("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            io.switchboard.ami.codec.PacketDecoder decoder = new io.switchboard.ami.codec.PacketDecoder(
                    io.switchboard.ami.codec.DecoderLimits.DEFAULT, false, p -> {
                        try {
                            synchronized (out) {
                                out.write(withId(p.actionId(), "Response", "Success", "Ping", "Pong").toWire());
                                out.flush();
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            byte[] buf = new byte[8192];
            int n;
            while ((n = s.getInputStream().read(buf)) > 0) {
                decoder.feed(buf, 0, n);
                if (stopReading && new String(buf, 0, n, StandardCharsets.UTF_8).contains("Login")) {
                    ticker.scheduleAtFixedRate(() -> tick(out), 50, 50, TimeUnit.MILLISECONDS);
                    return; // and never read again
                }
            }
        } catch (IOException | RuntimeException e) {
            // session ended
        }
    }

    private static void tick(OutputStream out) {
        try {
            synchronized (out) {
                out.write(Packet.of("Event", "Tick").toWire());
                out.flush();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // ends the ticking
        }
    }
}
