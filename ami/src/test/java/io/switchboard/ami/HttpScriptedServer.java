package io.switchboard.ami;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted {@code /rawman} server for the HTTP transport's own tests (the {@code ami} module cannot use
 * FakeAsterisk): every request is recorded and answered by a {@link Script}. {@link #standard} gives the usual
 * Login (secret {@value #SECRET}) / WaitEvent (events from {@link #events}) / Logoff behaviour with cookies.
 */
public final class HttpScriptedServer implements AutoCloseable {
    public static final String SECRET = "s3cret-http";

    /** One request as received; {@code params} are the decoded form or query pairs in order. */
    public record Request(String method, String path, String query, String contentType, String cookie,
                          String body, List<Header> params) {
        /** The first value of a parameter, compared case-insensitively; null if absent. */
        public String get(String key) {
            return params.stream().filter(h -> h.key().equalsIgnoreCase(key)).map(Header::value).findFirst()
                    .orElse(null);
        }

        public String action() {
            String a = get("Action");
            return a == null ? "" : a;
        }

        /** {@code ActionID: <id>\r\n} or "" (how Asterisk echoes it). */
        public String idLine() {
            String id = get("ActionID");
            return id == null ? "" : "ActionID: " + id + "\r\n";
        }
    }

    /** What to answer: status, the {@code mansession_id} value (null: no Set-Cookie) and the body. */
    public record Reply(int status, String cookie, String body) {
        public static Reply ok(String cookie, String body) {
            return new Reply(200, cookie, body);
        }
    }

    /** Answers one request. */
    public interface Script {
        Reply answer(Request request) throws Exception;
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Event packets (wire text, blank line included) that the next WaitEvent returns. */
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-scripted-server");
        t.setDaemon(true);
        return t;
    });

    private volatile Script script = r -> new Reply(500, null, "no script");

    /** A server on 127.0.0.1 (HTTPS when {@code tls} is not null); set its {@link #script} next. */
    public HttpScriptedServer(SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(address, 50);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The script answering now (to wrap it in another). */
    public Script script() {
        return script;
    }

    /** Answers every request with {@code s}. */
    public HttpScriptedServer script(Script s) {
        this.script = s;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            String form = exchange.getRequestMethod().equals("POST") ? body : query;
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Cookie"), body, parse(form));
            requests.add(request);
            Reply reply;
            try {
                reply = script.answer(request);
            } catch (Exception e) {
                reply = new Reply(500, null, "script failed: " + e);
            }
            if (reply == null) {
                return;  // drop the connection without an answer
            }
            if (reply.cookie() != null) {
                exchange.getResponseHeaders().set("Set-Cookie",
                        "mansession_id=\"" + reply.cookie() + "\"; Version=1; Max-Age=60");
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static List<Header> parse(String form) {
        List<Header> list = new ArrayList<>();
        if (form == null || form.isEmpty()) {
            return list;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            list.add(new Header(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        }
        return list;
    }

    /**
     * Serves {@code /rawman} only (404 elsewhere). Login (plain, secret {@value #SECRET}) gives session cookie {@code 0000000N} for the N-th login; WaitEvent
     * waits up to 2 s for {@link #events}; Logoff says Goodbye; anything else goes to {@code rest}.
     */
    public HttpScriptedServer standard(Script rest) {
        AtomicInteger sessions = new AtomicInteger();
        return script(request -> {
            if (!request.path().equals("/rawman")) {
                return new Reply(404, null, "Not Found");
            }
            String cookie = request.cookie() == null ? null
                    : request.cookie().replaceAll(".*mansession_id=\"?([0-9a-f]+)\"?.*", "$1");
            switch (request.action().toLowerCase(java.util.Locale.ROOT)) {
                case "login":
                    if (!SECRET.equals(request.get("Secret"))) {
                        return Reply.ok("ffffffff", "Response: Error\r\n" + request.idLine()
                                + "Message: Authentication failed\r\n\r\n");
                    }
                    return Reply.ok(String.format("%08x", sessions.incrementAndGet()), "Response: Success\r\n"
                            + request.idLine() + "Message: Authentication accepted\r\n\r\n");
                case "waitevent":
                    StringBuilder sb = new StringBuilder("Response: Success\r\n").append(request.idLine())
                            .append("Message: Waiting for Event completed.\r\n\r\n");
                    String first = events.poll(2, TimeUnit.SECONDS);
                    for (String e = first; e != null; e = events.poll()) {
                        sb.append(e);
                    }
                    return Reply.ok(cookie, sb.append("Event: WaitEventComplete\r\n").append(request.idLine())
                            .append("\r\n").toString());
                case "logoff":
                    return Reply.ok(cookie, "Response: Goodbye\r\n" + request.idLine()
                            + "Message: Thanks for all the fish.\r\n\r\n");
                default:
                    Reply r = rest.answer(request);
                    return r == null || r.cookie() != null ? r : new Reply(r.status(), cookie, r.body());
            }
        });
    }

    /** A success reply echoing the ActionID, with a Message. */
    public static String success(Request request, String message) {
        return "Response: Success\r\n" + request.idLine() + "Message: " + message + "\r\n\r\n";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A client configuration for this server: HTTP transport, admin / {@value #SECRET}, no keepalive. */
    public AmiConfig.Builder config() {
        return AmiConfig.builder().transport(AmiTransport.HTTP).host("127.0.0.1").port(port()).username("admin")
                .secret(SECRET).keepaliveInterval(null).reconnect(false).actionTimeout(Duration.ofSeconds(10))
                .closeTimeout(Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
