package io.switchboard.ami;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on a plain loopback socket, for the replies the JDK's HttpServer will not produce: a body
 * cut short, an endless body, a body that is not AMI. Each request (POST with a Content-Length) goes to a
 * {@link Handler} that writes the raw response bytes itself; the connection is kept for the next request
 * unless the handler says otherwise. Every socket and thread ends with {@link #close()}.
 */
final class RawHttpServer implements AutoCloseable {
    /** A request: its form parameters (decoded), first value per key compared case-insensitively. */
    record Request(String cookie, String form) {
        String get(String key) {
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equalsIgnoreCase(key)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        String action() {
            String a = get("Action");
            return a == null ? "" : a;
        }

        String idLine() {
            String id = get("ActionID");
            return id == null ? "" : "ActionID: " + id + "\r\n";
        }
    }

    /** Writes the response to {@code out}; returns false to close the connection afterwards. */
    interface Handler {
        boolean answer(Request request, OutputStream out) throws Exception;
    }

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Handler handler;

    RawHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        Thread t = new Thread(this::acceptLoop, "raw-http-server");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** HTTP transport to this server, admin / anything, no keepalive, no reconnect. */
    AmiConfig.Builder config() {
        return AmiConfig.builder().transport(AmiTransport.HTTP).host("127.0.0.1").port(port()).username("admin")
                .secret("raw-secret").keepaliveInterval(null).reconnect(false).actionTimeout(Duration.ofSeconds(30))
                .closeTimeout(Duration.ofSeconds(2));
    }

    /** A complete 200 text/plain reply with a session cookie. */
    static void ok(OutputStream out, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: mansession_id=\"0000beef\"; Version=1;"
                + " Max-Age=60\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Login, WaitEvent (answered at once, no events), Logoff; null for anything else. */
    static boolean basics(Request r, OutputStream out) throws IOException {
        switch (r.action().toLowerCase(Locale.ROOT)) {
            case "login":
                ok(out, "Response: Success\r\n" + r.idLine() + "Message: Authentication accepted\r\n\r\n");
                return true;
            case "waitevent":
                ok(out, "Response: Success\r\n" + r.idLine() + "Message: Waiting for Event completed.\r\n\r\n"
                        + "Event: WaitEventComplete\r\n" + r.idLine() + "\r\n");
                return true;
            case "logoff":
                ok(out, "Response: Goodbye\r\n" + r.idLine() + "Message: Thanks for all the fish.\r\n\r\n");
                return true;
            default:
                return false;
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                Thread t = new Thread(() -> serve(s), "raw-http-session");
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                String cookie = null;
                for (String line : head.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    if (key.equals("content-length")) {
                        length = Integer.parseInt(line.substring(colon + 1).trim());
                    } else if (key.equals("cookie")) {
                        cookie = line.substring(colon + 1).trim();
                    }
                }
                Request request = new Request(cookie, new String(in.readNBytes(length), StandardCharsets.UTF_8));
                requests.add(request);
                if (!handler.answer(request, out)) {
                    return;
                }
            }
        } catch (Exception e) {
            // the client went away, or the test closed the server
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
