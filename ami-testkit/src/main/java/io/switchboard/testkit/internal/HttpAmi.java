package io.switchboard.testkit.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.ami.Packet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FakeAsterisk's HTTP manager (ami-protocol.md §11) on 127.0.0.1, with the JDK's {@link HttpServer}: serves
 * {@code <prefix>/rawman} (path compared case-insensitively) by GET query or POST form, keeps
 * {@code mansession_id} cookie sessions ({@link HttpAmiSession}), expires them after {@code httptimeout}, and
 * answers in {@code text/plain} with the same bytes as a TCP session. Other URIs get 404, methods other than
 * GET/HEAD/POST 501, bodies over 40960 bytes 413. Can be stopped and started again on the same port.
 */
public final class HttpAmi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAmi.class);
    private static final int MAX_BODY = 40960;

    private final AmiServer server;
    private final String path;
    private final Duration timeout;
    private final Map<Long, HttpAmiSession> sessions = new ConcurrentHashMap<>();
    private volatile int port;
    private HttpServer http;
    private ExecutorService handlers;
    private ScheduledExecutorService housekeeping;

    /** {@code prefix} is http.conf's prefix ("" by default); {@code port} 0 picks a free one. */
    HttpAmi(AmiServer server, String prefix, Duration timeout, int port) {
        this.server = server;
        this.path = prefix + "/rawman";
        this.timeout = timeout;
        this.port = port;
    }

    /** Listens (again) on the port; idempotent. */
    synchronized void start() {
        if (http != null) {
            return;
        }
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("FakeAsterisk cannot listen for HTTP on 127.0.0.1:" + port, e);
        }
        port = created.getAddress().getPort();
        handlers = Executors.newCachedThreadPool(daemon("fake-asterisk-http-" + port + "-"));
        created.setExecutor(handlers);
        created.createContext("/", this::handle);
        // The dispatcher thread inherits daemon status from the thread that starts the server.
        Thread starter = daemon("fake-asterisk-http-start-").newThread(created::start);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http = created;
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("fake-asterisk-http-purge-"));
        housekeeping.scheduleWithFixedDelay(this::purge, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops listening and destroys every session (an Asterisk stop as HTTP clients see it). */
    synchronized void stop() {
        if (http == null) {
            return;
        }
        http.stop(0);
        http = null;
        destroyAll();
        handlers.shutdownNow();
        housekeeping.shutdownNow();
    }

    /** Destroys every session: their cookies are unknown from now on. */
    void destroyAll() {
        for (Long id : List.copyOf(sessions.keySet())) {
            HttpAmiSession s = sessions.remove(id);
            if (s != null) {
                s.destroy();
            }
        }
    }

    private void purge() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> {
            if (s.expired(now)) {
                s.destroy();
                return true;
            }
            return false;
        });
    }

    /** Queues an event for every session; each WaitEvent filters what it collects. */
    void broadcast(ServerEvent event) {
        for (HttpAmiSession s : sessions.values()) {
            s.offer(event);
        }
    }

    int sessionCount() {
        return sessions.size();
    }

    int loggedInCount() {
        return (int) sessions.values().stream().filter(HttpAmiSession::loggedIn).count();
    }

    /** The bound port (also while stopped). */
    int port() {
        return port;
    }

    // ---- requests ----------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        try (exchange) {
            serve(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.debug("HTTP request ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            status(exchange, 501, "Not Implemented");
            return;
        }
        if (!path.equalsIgnoreCase(exchange.getRequestURI().getPath())) {
            status(exchange, 404, "Not Found");
            return;
        }
        String form = exchange.getRequestURI().getRawQuery();
        if (method.equals("POST")) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                status(exchange, 413, "Request Entity Too Large");
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean isForm = type != null
                    && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
            form = isForm ? new String(body, StandardCharsets.ISO_8859_1) : null;  // the query is ignored
        }
        HttpAmiSession session = session(exchange.getRequestHeaders().get("Cookie"));
        byte[] reply;
        try {
            reply = answer(session, form, exchange.getRemoteAddress().getPort());
        } catch (IOException e) {
            // The session broke mid-reply (a fault, a stop): the connection closes without an answer.
            drop(session);
            throw e;
        } finally {
            session.leave();
            if (session.isClosed()) {
                drop(session);  // Logoff, failed login
            }
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Server", "Asterisk/22.10.1");
        headers.set("Content-Type", "text/plain");
        headers.set("Cache-Control", "no-cache");
        headers.set("Set-Cookie", "mansession_id=" + session.cookie() + "; Version=1; Max-Age="
                + timeout.toSeconds());
        headers.set("Pragma", "SuppressEvents");
        boolean noBody = method.equals("HEAD") || reply.length == 0;
        exchange.sendResponseHeaders(200, noBody ? -1 : reply.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    private static byte[] answer(HttpAmiSession session, String form, int remotePort)
            throws IOException, InterruptedException {
        Packet request;
        try {
            request = HttpParams.toRequest(form);
        } catch (IllegalArgumentException e) {
            return Wire.response("Error", (String) null).add("Message", "Failed to parse message").end();
        }
        String action = request.get("Action");
        if (action != null && action.equalsIgnoreCase("WaitEvent") && session.loggedIn()) {
            return session.waitEvent(request);
        }
        return session.run(request, remotePort);
    }

    /** The session named by the cookie, or a new unauthenticated one; marked in use. */
    private HttpAmiSession session(List<String> cookies) throws IOException {
        long now = System.nanoTime();
        long id = HttpParams.sessionId(cookies);
        HttpAmiSession known = id < 0 ? null : sessions.get(id);
        if (known != null && known.enter(now)) {
            return known;
        }
        if (known != null) {
            drop(known);  // expired
        }
        while (true) {
            int candidate = ThreadLocalRandom.current().nextInt();
            long key = candidate & 0xffffffffL;
            if (key == 0 || sessions.containsKey(key)) {
                continue;
            }
            HttpAmiSession created = new HttpAmiSession(server, candidate, server.nextSessionNumber(), port, timeout);
            created.enter(now);
            if (sessions.putIfAbsent(key, created) == null) {
                server.signalSessions();
                return created;
            }
        }
    }

    private void drop(HttpAmiSession session) {
        sessions.remove(session.id() & 0xffffffffL, session);
        session.destroy();
    }

    private static void status(HttpExchange exchange, int code, String text) throws IOException {
        byte[] body = ("<html><head><title>" + code + " " + text + "</title></head><body><h1>" + text
                + "</h1></body></html>\r\n").getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
