package io.switchboard.ami;

import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal AMI server for the client's unit tests: banner, then every action goes to a script that answers
 * with raw packets. Loopback, ephemeral port. (FakeAsterisk in ami-testkit is the full simulation; it cannot be
 * used here because it depends on this module.)
 */
final class ScriptedServer implements AutoCloseable {
    /** Answers one action on one session. */
    interface Script {
        void onAction(Packet action, Session session) throws IOException;
    }

    /** One accepted client connection. */
    static final class Session {
        final Socket socket;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        synchronized void send(Packet packet) throws IOException {
            out.write(packet.toWire());
            out.flush();
        }

        synchronized void sendRaw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    static final String SECRET = "amp111-Xy";

    private final ServerSocket server;
    private final Script script;
    private final Thread acceptor;
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    final BlockingQueue<Packet> actions = new LinkedBlockingQueue<>();
    volatile String banner = "Asterisk Call Manager/11.0.0";

    ScriptedServer(Script script) throws IOException {
        this(script, null);
    }

    /** A server that speaks TLS with {@code tls}'s key (null: plain TCP). */
    ScriptedServer(Script script, javax.net.ssl.SSLContext tls) throws IOException {
        this.script = script;
        this.server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Switches that change the standard script's behaviour while a test runs. */
    static final class Flags {
        volatile boolean refuseLogins;
        volatile boolean ignorePings;
    }

    /** A script that logs in admin/secret and answers Ping and Logoff, delegating the rest. */
    static Script standard(Script rest) {
        return standard(rest, new Flags());
    }

    /** {@link #standard(Script)} with switches. */
    static Script standard(Script rest, Flags flags) {
        return (action, s) -> {
            String name = action.get("Action");
            String id = action.actionId();
            if (name.equalsIgnoreCase("Login")) {
                if (SECRET.equals(action.get("Secret")) && !flags.refuseLogins) {
                    s.send(withId(id, "Response", "Success", "Message", "Authentication accepted"));
                } else {
                    s.send(withId(id, "Response", "Error", "Message", "Authentication failed"));
                    s.close();
                }
            } else if (name.equalsIgnoreCase("Logoff")) {
                s.send(withId(id, "Response", "Goodbye", "Message", "Thanks for all the fish."));
                s.close();
            } else if (name.equalsIgnoreCase("Ping") && !flags.ignorePings) {
                s.send(withId(id, "Response", "Success", "Ping", "Pong", "Timestamp", "1795674000.000001"));
            } else if (!name.equalsIgnoreCase("Ping")) {
                rest.onAction(action, s);
            }
        };
    }

    /** A packet whose second header is the ActionID (when non-null), like Asterisk writes responses. */
    static Packet withId(String id, String... kv) {
        Packet.Builder b = Packet.builder().add(kv[0], kv[1]);
        if (id != null) {
            b.add("ActionID", id);
        }
        for (int i = 2; i < kv.length; i += 2) {
            b.add(kv[i], kv[i + 1]);
        }
        return b.build();
    }

    int port() {
        return server.getLocalPort();
    }

    AmiConfig.Builder config() {
        return AmiConfig.builder().host("127.0.0.1").port(port()).username("admin").secret(SECRET);
    }

    Packet takeAction() throws InterruptedException {
        return actions.poll(10, TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Session session = new Session(socket);
                sessions.add(session);
                Thread t = new Thread(() -> serve(session), "scripted-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Session session) {
        try {
            if (banner != null) {
                session.sendRaw(banner + "\r\n");
            }
            PacketDecoder decoder = new PacketDecoder(DecoderLimits.DEFAULT, false, packet -> {
                actions.add(packet);
                try {
                    script.onAction(packet, session);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = session.socket.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                decoder.feed(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            // session ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Session s : sessions) {
            s.close();
        }
    }
}
