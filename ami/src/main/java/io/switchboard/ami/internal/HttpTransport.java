package io.switchboard.ami.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Packet;
import io.switchboard.ami.ProtocolException;
import io.switchboard.ami.codec.PacketDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;

/**
 * AMI over Asterisk's HTTP server ({@code /rawman}, ami-protocol.md §11): the {@link Transport} contract mapped
 * onto one {@code mansession_id} cookie session.
 *
 * <p>Three threads per session:
 * <ul>
 *   <li>the <b>sender</b> posts queued actions one at a time (each action is one POST whose body is the form of
 *       its headers; the reply body holds the same packets as over TCP: response, list items, Complete);</li>
 *   <li>the <b>poller</b>, once logged in, long-polls {@code WaitEvent} and keeps the events it returns (its own
 *       reply and {@code WaitEventComplete} belong to the transport and are dropped); with events off it sends a
 *       {@code Ping} when nothing went out for a third of the cookie's {@code Max-Age}, so the server does not
 *       forget an idle session;</li>
 *   <li>the <b>deliverer</b> hands every packet to the listener, in order, then reports the end once.</li>
 * </ul>
 * Events that come back while an action is in flight are held until that action's reply has been queued, so, as
 * over TCP, events caused by an action follow its reply, and no event appears inside a reply.
 *
 * <p>The session is over (reported once, with the cause) on any transport error, a status other than 200 (413,
 * a request too large, fails only that action: the server refused it unread), a reply body that ends inside a
 * packet, exceeds the bounds (see {@link PacketBody}) or holds no AMI answer, a refused {@code WaitEvent}, or a
 * reply that carries a <em>different</em> {@code mansession_id}: Asterisk then forgot our session (expiry, restart) and answered on a fresh,
 * unauthenticated one. An action is reported as never written (so it is safe to send again) when the request
 * could not connect or when it was answered by such a fresh session. After {@code Logoff} the server destroys
 * the session, so its {@code Goodbye} ends the transport.
 *
 * <p>Secrets: credentials travel in POST bodies only, never in the URL; bodies and cookies are never logged or
 * put in exception messages ({@link Action#toString()} masks {@code Secret} and {@code Key} at trace level).
 */
final class HttpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    /** WaitEvent timeout asked for; Asterisk caps it at the session expiry minus 10 s. */
    static final int POLL_SECONDS = 20;
    /** A poll answered faster than this without events means the server capped the wait: pause, do not spin. */
    private static final long QUICK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /**
     * Packets waiting for the listener, or held behind a running action, beyond which the poller waits (back
     * pressure, as TCP gives).
     */
    private static final int MAX_QUEUED = 10_000;
    /** Least interval between refreshes of an idle session, whatever Max-Age says. */
    private static final long MIN_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final String DISABLE_HOSTNAME_VERIFICATION = "jdk.internal.httpclient.disableHostnameVerification";
    private static final Object END = new Object();

    private final AmiConfig config;
    private final Transport.Listener listener;
    private final String where;
    private final String pollPrefix = "sbpoll-" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL,
            36) + "-";
    private final CompletableFuture<String> banner = new CompletableFuture<>();
    private final boolean trace = LOG.isTraceEnabled();

    /** Guards everything below up to {@code ended}; waited on by sender and poller. */
    private final Object lock = new Object();
    private final ArrayDeque<PendingAction> outbox = new ArrayDeque<>();
    /** Actions taken from the outbox that never reached a live session. */
    private final ArrayDeque<PendingAction> unsent = new ArrayDeque<>();
    private PendingAction inFlight;
    /** Events polled while {@link #inFlight} was running, delivered after its reply. */
    private final List<Packet> parked = new ArrayList<>();
    private boolean loggedIn;
    private boolean wantEvents;
    private volatile boolean ended;
    private Throwable endCause;

    private final LinkedBlockingQueue<Object> delivery = new LinkedBlockingQueue<>();
    private final Set<CompletableFuture<?>> requests = ConcurrentHashMap.newKeySet();
    private volatile String cookie;
    private volatile long lastHeardNanos = System.nanoTime();
    /** When the last request went out: the server's idle clock for the session starts about then. */
    private volatile long lastSentNanos = System.nanoTime();
    /** How often an idle session is refreshed: a third of the cookie's Max-Age (httptimeout). */
    private volatile long refreshNanos = TimeUnit.SECONDS.toNanos(HttpWire.DEFAULT_MAX_AGE_SECONDS) / 3;
    private volatile boolean closeRequested;
    private volatile HttpClient client;
    private URI uri;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    HttpTransport(AmiConfig config, Transport.Listener listener) {
        this.config = config;
        this.listener = listener;
        this.where = (config.sslContext() != null ? "https://" : "http://") + config.host() + ":" + config.port()
                + config.httpPath();
        this.wantEvents = !isOff(config.events());
    }

    /** Builds the HTTP client and starts the threads; nothing goes on the network until the first action. */
    @Override
    public void open() throws IOException {
        try {
            uri = new URI(config.sslContext() != null ? "https" : "http", null, config.host(), config.port(),
                    config.httpPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IOException("invalid HTTP manager address " + where + ": " + e.getMessage(), e);
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout());
        if (config.sslContext() != null) {
            if (!config.hostnameVerification() && !Boolean.getBoolean(DISABLE_HOSTNAME_VERIFICATION)) {
                throw new IOException("hostnameVerification(false) is not supported by the HTTP transport: "
                        + "java.net.http verifies host names for every client unless the JVM runs with -D"
                        + DISABLE_HOSTNAME_VERIFICATION + "=true");
            }
            builder.sslContext(config.sslContext());
            if (config.hostnameVerification()) {
                // The JDK client copies these parameters into every TLS connection and only then leaves the
                // endpoint check out if the JVM-wide disableHostnameVerification property is set (by anyone, for
                // any client). Naming the check here keeps it on for this client, as its configuration says.
                SSLParameters params = config.sslContext().getDefaultSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                builder.sslParameters(params);
            }
        }
        client = builder.build();
        String name = config.host() + ":" + config.port();
        start("switchboard-http-deliver-" + name, this::deliverLoop);
        start("switchboard-http-send-" + name, this::sendLoop);
        start("switchboard-http-poll-" + name, this::pollLoop);
        banner.complete("");  // no greeting over HTTP
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public CompletableFuture<String> banner() {
        return banner;
    }

    // ---- sender ------------------------------------------------------------------------------------------

    private void sendLoop() {
        try {
            while (true) {
                PendingAction p;
                synchronized (lock) {
                    while (!ended && outbox.isEmpty()) {
                        lock.wait();
                    }
                    if (ended) {
                        return;
                    }
                    p = outbox.pollFirst();
                    if (p.isSettled()) {
                        continue;  // timed out or cancelled while queued: never send it
                    }
                    p.written = true;
                    inFlight = p;
                }
                exchange(p);
            }
        } catch (InterruptedException e) {
            end(new IOException("HTTP sender interrupted", e));
        } catch (RuntimeException | Error e) {
            LOG.error("Unexpected failure on the HTTP sender thread; ending the session", e);
            end(e);
        }
    }

    /** Posts one action and queues the packets of its reply. */
    private void exchange(PendingAction p) throws InterruptedException {
        if (trace) {
            LOG.trace("> {}", p.action);
        }
        List<Packet> packets;
        String form = HttpWire.form(p.action, p.id);
        try {
            packets = post(form, null);
            if (packets == null) {
                return;  // transport ended meanwhile
            }
            requireAnswer(packets, p.id, p.action.name());
        } catch (TooLargeException e) {
            // Refused before the manager saw it (Asterisk: over 40960 bytes): this action failed, the session
            // is untouched. Ending the session would call a surely-unrun action "maybe run", and resending it
            // after a reconnect would only be refused again.
            LOG.warn("{} refused {} as too large ({} bytes in the form)", where, p, form.length());
            packets = List.of(Packet.builder().add("Response", "Error").add("ActionID", p.id)
                    .add("Message", "HTTP 413 from " + where + ": the request (" + form.length()
                            + " bytes of form) is larger than the server takes (Asterisk: 40960 bytes)")
                    .build());
        } catch (SessionReplacedException e) {
            lose(p, true, e);
            return;
        } catch (IOException | ProtocolException e) {
            lose(p, isConnectFailure(e), e);
            return;
        }
        boolean goodbye = false;
        if (!packets.isEmpty() && packets.get(0).kind() == Packet.Kind.RESPONSE) {
            Packet first = packets.get(0);
            boolean success = first.valueEqualsIgnoreCase(0, "Success");
            String name = p.action.name().toLowerCase(Locale.ROOT);
            synchronized (lock) {
                if (success && name.equals("login")) {
                    loggedIn = true;
                    lock.notifyAll();
                } else if (success && name.equals("events")) {
                    wantEvents = !isOff(p.action.get("EventMask"));
                    lock.notifyAll();
                }
            }
            goodbye = first.valueEqualsIgnoreCase(0, "Goodbye");
        }
        synchronized (lock) {
            if (ended) {
                return;
            }
            enqueue(packets);
            inFlight = null;
            enqueue(parked);
            parked.clear();
        }
        if (goodbye) {  // Asterisk destroyed the session after Logoff
            end(new IOException("the server ended the HTTP session after Logoff"));
        }
    }

    /** The action failed on the way: it is unsent when it surely never ran, then the session ends. */
    private void lose(PendingAction p, boolean neverRan, Throwable cause) {
        synchronized (lock) {
            if (!ended) {
                if (neverRan) {
                    p.written = false;
                    unsent.addFirst(p);
                }
                inFlight = null;
                enqueue(parked);  // events that came before the loss still count
                parked.clear();
            }
        }
        end(cause);
    }

    // ---- poller ------------------------------------------------------------------------------------------

    /**
     * Polls for events while they are wanted; while they are not, keeps the idle session alive instead: Asterisk
     * forgets a session {@code httptimeout} after its last request, and a client with events off, no keepalive
     * and nothing to send would otherwise find it gone (a loss, and a new login) at its next action.
     */
    private void pollLoop() {
        long n = 0;
        try {
            while (true) {
                boolean events;
                synchronized (lock) {
                    long waitNanos;
                    while (!ended && (waitNanos = nanosUntilDue()) != 0) {
                        if (waitNanos < 0) {
                            lock.wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
                        }
                    }
                    if (ended) {
                        return;
                    }
                    events = wantEvents;
                }
                String id = pollPrefix + Long.toString(++n, 36);
                if (!events) {
                    refresh(id);
                    continue;
                }
                long started = System.nanoTime();
                boolean gotEvents = poll(id);
                if (!gotEvents && System.nanoTime() - started < QUICK_POLL_NANOS) {
                    synchronized (lock) {
                        if (!ended) {
                            TimeUnit.NANOSECONDS.timedWait(lock, QUICK_POLL_NANOS);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            end(new IOException("HTTP poller interrupted", e));
        } catch (RuntimeException | Error e) {
            LOG.error("Unexpected failure on the HTTP poller thread; ending the session", e);
            end(e);
        }
    }

    /**
     * Under {@link #lock}: 0 if the poller has work now (a poll, or a refresh of an idle session), else how long
     * to wait for it (-1: until notified).
     */
    private long nanosUntilDue() {
        if (!loggedIn) {
            return -1;
        }
        if (wantEvents) {
            // Events held behind a running action count: a flood during a slow action must stop the polls too.
            return delivery.size() + parked.size() >= MAX_QUEUED ? TimeUnit.MILLISECONDS.toNanos(100) : 0;
        }
        long left = lastSentNanos + refreshNanos - System.nanoTime();
        return left <= 0 ? 0 : left;
    }

    /** A Ping on an idle session, so that the server keeps it; its reply is the transport's own. */
    private void refresh(String id) throws InterruptedException {
        try {
            List<Packet> packets = post(HttpWire.form(Action.named("Ping"), id), null);
            if (packets != null) {
                requireAnswer(packets, id, "Ping");
            }
        } catch (IOException | ProtocolException e) {
            end(e);
        }
    }

    /** One WaitEvent round trip; returns whether it brought events. */
    private boolean poll(String id) throws InterruptedException {
        String form = HttpWire.form(Action.named("WaitEvent").header("Timeout", POLL_SECONDS), id);
        List<Packet> events = new ArrayList<>();
        try {
            Duration timeout = Duration.ofSeconds(POLL_SECONDS + 10).plus(config.connectTimeout());
            List<Packet> packets = post(form, timeout);
            if (packets == null) {
                return false;
            }
            requireAnswer(packets, id, "WaitEvent");
            for (Packet packet : packets) {
                if (!id.equals(packet.actionId())) {
                    events.add(packet);
                } else if (packet.kind() == Packet.Kind.RESPONSE && packet.valueEqualsIgnoreCase(0, "Error")) {
                    String message = packet.get("Message");
                    throw new IOException("WaitEvent refused by " + where + ": " + message);
                }
                // else: the poll's own reply or its WaitEventComplete
            }
        } catch (IOException | ProtocolException e) {
            end(e);
            return false;
        }
        synchronized (lock) {
            if (ended) {
                return false;
            }
            if (inFlight != null) {
                parked.addAll(events);
            } else {
                enqueue(events);
            }
        }
        return !events.isEmpty();
    }

    // ---- HTTP --------------------------------------------------------------------------------------------

    /**
     * Posts a form on the session and returns the packets of the reply body; null if the transport ended
     * meanwhile. Throws on a transport error, a status other than 200, a body that is not whole AMI packets or
     * is larger than {@link #maxBodyBytes} ({@link ProtocolException}), or a reply from another session
     * ({@link SessionReplacedException}).
     */
    private List<Packet> post(String form, Duration timeout) throws IOException, InterruptedException {
        HttpClient c = client;
        if (c == null || ended) {
            return null;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        String sent = cookie;
        if (sent != null) {
            builder.header("Cookie", HttpWire.COOKIE + "=" + sent);
        }
        if (timeout != null) {
            builder.timeout(timeout);
        }
        lastSentNanos = System.nanoTime();
        CompletableFuture<HttpResponse<List<Packet>>> future = c.sendAsync(builder.build(), this::bodyFor);
        requests.add(future);
        if (ended) {
            future.cancel(true);
        }
        HttpResponse<List<Packet>> response;
        try {
            response = future.get();
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (ended) {
                return null;
            }
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof ProtocolException) {
                    throw (ProtocolException) t;  // the body: keep its type, the cause of the loss
                }
            }
            throw new IOException("HTTP request to " + where + " failed: " + describe(cause), cause);
        } finally {
            requests.remove(future);
        }
        lastHeardNanos = System.nanoTime();
        if (response.statusCode() == 413) {
            throw new TooLargeException();
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + where
                    + (response.statusCode() == 404 ? " (is webenabled on and the HTTP path right?)" : ""));
        }
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        String fresh = HttpWire.sessionCookie(setCookies);
        long maxAge = HttpWire.maxAgeSeconds(setCookies);
        if (maxAge > 0) {
            refreshNanos = Math.max(MIN_REFRESH_NANOS, TimeUnit.SECONDS.toNanos(maxAge) / 3);
        }
        if (fresh != null) {
            synchronized (lock) {
                if (sent != null && !HttpWire.sameSession(sent, fresh)) {
                    throw new SessionReplacedException(where);
                }
                if (cookie == null) {
                    cookie = fresh;
                }
            }
        }
        return response.body();
    }

    /**
     * How a reply body is read: a 200 body is decoded as it arrives, within the decoder's limits and
     * {@link #maxBodyBytes} in all, so an endless or huge body ends the session instead of filling the heap;
     * another status's body is not read at all.
     */
    private HttpResponse.BodySubscriber<List<Packet>> bodyFor(HttpResponse.ResponseInfo info) {
        return info.statusCode() == 200 ? new PacketBody() : new PacketBody(0);
    }

    /** Most bytes one reply body may have: four of the largest packets the decoder accepts. */
    private long maxBodyBytes() {
        return 4L * config.decoderLimits().maxPacketBytes();
    }

    /**
     * Over HTTP a body holds the answer to its own request and nothing else (events are never pushed), so a body
     * without a response carrying the request's ActionID is not an AMI reply: a proxy's page, {@code /manager}'s
     * HTML, a server that is not Asterisk. Waiting for the action's deadline would only hide that. An empty body
     * is allowed: Asterisk sends one to a superseded WaitEvent.
     */
    private void requireAnswer(List<Packet> packets, String id, String action) {
        if (packets.isEmpty()) {
            return;
        }
        for (Packet packet : packets) {
            if (packet.kind() == Packet.Kind.RESPONSE && id.equals(packet.actionId())) {
                return;
            }
        }
        throw new ProtocolException("HTTP reply from " + where + " to " + action + " holds no AMI response to it ("
                + packets.size() + (packets.size() == 1 ? " block" : " blocks")
                + " of something else); is the HTTP path that of /rawman?");
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isEmpty() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }

    /** Whether the request surely never left: refused, or no connection within the connect timeout. */
    private static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes a reply body while it streams in. With a limit of 0 it reads nothing (the connection is dropped)
     * and yields no packets. Runs on the HTTP client's threads, one call at a time (Flow rules).
     */
    private final class PacketBody implements HttpResponse.BodySubscriber<List<Packet>> {
        private final CompletableFuture<List<Packet>> result = new CompletableFuture<>();
        private final List<Packet> packets = new ArrayList<>();
        private final PacketDecoder decoder = new PacketDecoder(config.decoderLimits(), false, packets::add);
        private final long maxBytes;
        private Flow.Subscription subscription;
        private byte[] copy;

        PacketBody() {
            this(maxBodyBytes());
        }

        PacketBody(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<List<Packet>> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (maxBytes == 0) {
                s.cancel();
                result.complete(List.of());
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            try {
                for (ByteBuffer b : buffers) {
                    if (decoder.bytesFed() + b.remaining() > maxBytes) {
                        throw new ProtocolException("HTTP reply from " + where + " is larger than " + maxBytes
                                + " bytes (4 times DecoderLimits.maxPacketBytes)");
                    }
                    feed(b);
                }
            } catch (ProtocolException e) {
                subscription.cancel();
                result.completeExceptionally(e);
                return;
            }
            subscription.request(1);
        }

        private void feed(ByteBuffer b) {
            if (b.hasArray()) {
                decoder.feed(b.array(), b.arrayOffset() + b.position(), b.remaining());
                return;
            }
            while (b.hasRemaining()) {
                if (copy == null) {
                    copy = new byte[16 * 1024];
                }
                int n = Math.min(copy.length, b.remaining());
                b.get(copy, 0, n);
                decoder.feed(copy, 0, n);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            if (decoder.inPacket()) {
                result.completeExceptionally(
                        new ProtocolException("HTTP reply from " + where + " ended inside a packet"));
            } else {
                result.complete(packets);
            }
        }
    }

    /** The server answered on a session other than ours: ours expired or was destroyed. */
    private static final class SessionReplacedException extends IOException {
        private static final long serialVersionUID = 1L;

        SessionReplacedException(String where) {
            super("HTTP manager session at " + where + " expired or was destroyed by the server");
        }
    }

    /** HTTP 413: the server refused the request body as too large, without running the action. */
    private static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("HTTP 413: request body too large");
        }
    }

    // ---- delivery ----------------------------------------------------------------------------------------

    /** Queues packets for the deliverer; call under {@link #lock}, before {@link #end}. */
    private void enqueue(List<Packet> packets) {
        delivery.addAll(packets);
    }

    private void deliverLoop() {
        while (true) {
            Object item;
            try {
                item = delivery.take();
            } catch (InterruptedException e) {
                end(new IOException("HTTP deliverer interrupted", e));
                continue;  // END is queued now
            }
            if (item == END) {
                break;
            }
            Packet packet = (Packet) item;
            if (trace) {
                LOG.trace("< {}", packet);
            }
            try {
                listener.onPacket(packet);
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure delivering a packet; ending the HTTP session", e);
                end(e);
            }
            if (delivery.size() == MAX_QUEUED - 1) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
        Throwable cause;
        synchronized (lock) {
            cause = endCause;
        }
        Throwable reason = closeRequested ? null : cause;
        banner.completeExceptionally(reason != null ? reason : new IOException("HTTP session closed"));
        listener.onClosed(this, reason);
    }

    /** Ends the session once: no packet is queued after this; the deliverer reports the end after the rest. */
    private void end(Throwable cause) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            endCause = cause;
            ended = true;
            delivery.add(END);
            lock.notifyAll();
        }
        for (CompletableFuture<?> f : requests) {
            f.cancel(true);
        }
        HttpClient c = client;
        client = null;
        if (c != null) {
            shutdownNow(c);
        }
    }

    /** {@code HttpClient.shutdownNow()} exists from Java 21; on 17 the client's threads end when it is collected. */
    private static void shutdownNow(HttpClient c) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(c);
        } catch (NoSuchMethodException e) {
            // Java 17-20: nothing to call
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("HttpClient.shutdownNow failed: {}", e.toString());
        }
    }

    // ---- Transport ---------------------------------------------------------------------------------------

    @Override
    public void write(PendingAction action) {
        synchronized (lock) {
            outbox.addLast(action);
            lock.notifyAll();
        }
    }

    @Override
    public List<PendingAction> drainUnwritten() {
        synchronized (lock) {
            List<PendingAction> list = new ArrayList<>(unsent);
            list.addAll(outbox);
            unsent.clear();
            outbox.clear();
            return list;
        }
    }

    @Override
    public boolean isOpen() {
        return !ended;
    }

    @Override
    public void expectClose() {
        closeRequested = true;
    }

    @Override
    public void close() {
        closeRequested = true;
        end(null);
    }

    @Override
    public void abort(Throwable cause) {
        end(cause);
    }

    @Override
    public long idleNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    @Override
    public void awaitStopped(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (t != Thread.currentThread() && left > 0) {
                t.join(left);
            }
        }
    }

    /** Whether an event mask value turns events off ("off", "no", "false", "0"...), as Asterisk parses it. */
    static boolean isOff(String mask) {
        if (mask == null) {
            return false;
        }
        String m = mask.trim().toLowerCase(Locale.ROOT);
        if (!m.isEmpty() && m.chars().allMatch(Character::isDigit)) {
            return m.chars().allMatch(c -> c == '0');
        }
        return Set.of("no", "false", "n", "f", "off").contains(m);
    }

    @Override
    public String toString() {
        return "HttpTransport{" + where + (ended ? ", closed" : "") + "}";
    }
}
