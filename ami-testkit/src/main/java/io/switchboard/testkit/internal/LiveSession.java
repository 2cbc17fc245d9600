package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import io.switchboard.testkit.Faults;
import io.switchboard.testkit.pbx.CallEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One live AMI session as Asterisk 22 runs it: the authentication state (§5), permission checks (§6), the
 * session's event mask and filters (§8), and dispatch of each request to the built-in actions, the call
 * engine, or the "unknown command" error.
 */
final class LiveSession implements Protocol {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    private static final int SYSTEM = Perms.bit("system");
    /** Actions about the session itself, never handed to the call engine. */
    private static final Set<String> SESSION_ACTIONS = Set.of("login", "logoff", "challenge", "events", "filter");

    private final AmiServer server;
    private final BuiltinActions builtins;
    private volatile Account account;
    /**
     * The user name as the Login spelled it: accounts are found case-insensitively, but Asterisk keeps the typed
     * name for the session (AccountID in security events).
     */
    private volatile String loginName = "";
    private volatile int readPerm;
    private volatile int writePerm;
    /** -1 = every class: a TCP session starts with all events (§5.1). */
    private volatile int eventMask = -1;
    private final List<EventFilter> includes = new CopyOnWriteArrayList<>();
    private final List<EventFilter> excludes = new CopyOnWriteArrayList<>();
    private String challenge;

    LiveSession(AmiServer server) {
        this.server = server;
        this.builtins = new BuiltinActions(server, this);
    }

    @Override
    public void open(Connection c) throws IOException {
        byte[] banner = BANNER.getBytes(StandardCharsets.US_ASCII);
        if (server.faults().dropsAt(Faults.Phase.IN_BANNER)) {
            c.writeRaw(Arrays.copyOf(banner, banner.length / 2));
            c.close();
            return;
        }
        c.writeRaw(banner);
        if (server.faults().dropsAt(Faults.Phase.AFTER_BANNER)) {
            c.close();
        }
    }

    @Override
    public void onBadRequest(Connection c, Packet req, RequestReader.Problem problem) throws IOException {
        // do_message answers without running the action; the ActionID comes from the lines that were kept.
        c.writeRaw(Wire.error(req, problem == RequestReader.Problem.TOO_MANY_LINES
                ? "Too many lines in message or allocation failure"
                : "Failed to parse message: line too long"));
    }

    @Override
    public void onPacket(Connection c, Packet req) throws IOException {
        String action = actionName(req);
        if (action == null) {
            c.writeRaw(Wire.error(req, "Missing action in request"));
            server.broadcast(SecurityEvents.requestBadFormat(c, username(), null));
            return;
        }
        String name = action.toLowerCase(Locale.ROOT);
        if (account == null && !name.equals("login") && !name.equals("logoff") && !name.equals("challenge")) {
            c.writeRaw(Wire.error(req, "Permission denied"));
            return;
        }
        if (account != null && !c.isHttp() && !SESSION_ACTIONS.contains(name)
                && server.faults().dropsAt(Faults.Phase.MID_REPLY)) {
            c.cutNextReply();
        }
        switch (name) {
            case "login":
                if (!c.isHttp() && server.faults().dropsAt(Faults.Phase.AT_LOGIN)) {
                    c.close();  // the Login was read, never answered
                    return;
                }
                login(c, req);
                if (account != null && !c.isHttp() && server.faults().dropsAt(Faults.Phase.AFTER_LOGIN)) {
                    c.close();
                }
                return;
            case "logoff":
                c.writeRaw(Wire.response("Goodbye", req).add("Message", "Thanks for all the fish.").end());
                c.close();
                return;
            case "challenge":
                challenge(c, req);
                return;
            default:
                break;
        }
        int classes = ActionCatalog.get().writeClasses(name);
        if (classes != 0 && (writePerm & classes) == 0) {
            c.writeRaw(Wire.error(req, "Permission denied"));
            return;
        }
        if (delegateToEngine(name, req)) {
            runEngine(c, req);
        } else if (!builtins.run(name, c, req)) {
            c.writeRaw(Wire.error(req, "Invalid/unknown command: " + action
                    + ". Use Action: ListCommands to show available commands."));
            server.broadcast(SecurityEvents.requestBadFormat(c, username(), action));
        }
    }

    /** The first non-empty Action header (GET_HEADER_SKIP_EMPTY), or null. */
    private static String actionName(Packet req) {
        for (int i = 0; i < req.size(); i++) {
            if (req.keyEquals(i, "Action") && !req.value(i).isEmpty()) {
                return req.value(i);
            }
        }
        return null;
    }

    private boolean delegateToEngine(String name, Packet req) {
        CallEngine engine = server.engine();
        if (engine == null || SESSION_ACTIONS.contains(name) || !engine.actions().contains(name)) {
            return false;
        }
        // Scripted CLI outputs win over the engine, so a test can pin any command's text.
        String command = req.get("Command");
        return !(name.equals("command") && command != null
                && server.config().commandOutputs().containsKey(ServerConfig.normalizeCommand(command)));
    }

    private void runEngine(Connection c, Packet req) throws IOException {
        try {
            server.engine().handle(req, packet -> {
                try {
                    c.write(packet);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            LOG.warn("call engine failed on {}", req, e);
            c.writeRaw(Wire.error(req, "FakeAsterisk call engine failed: " + e));
        }
    }

    private void login(Connection c, Packet req) throws IOException {
        if (account != null) {
            c.writeRaw(Wire.success(req, "Already authenticated"));
            return;
        }
        Account candidate = server.config().account(req.get("Username"));
        if (candidate == null || server.faults().refuseLogins() || !credentialsMatch(candidate, req)) {
            try {
                Thread.sleep(server.config().loginDelay().toMillis());  // Asterisk's brute-force brake
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.writeRaw(Wire.error(req, "Authentication failed"));
            c.close();
            return;
        }
        readPerm = candidate.readMask();
        writePerm = candidate.writeMask();
        String events = req.get("Events");
        if (events != null && !events.isEmpty()) {
            int mask = Perms.parseEventMask(events);
            if (mask >= 0) {
                eventMask = mask;
            }
        }
        loginName = req.get("Username");
        account = candidate;
        c.writeRaw(Wire.success(req, "Authentication accepted"));
        if ((readPerm & SYSTEM) != 0 && (eventMask & SYSTEM) != 0) {
            long up = Math.max(0, Duration.between(server.startedAt(), Instant.now()).getSeconds());
            c.writeRaw(Wire.event("FullyBooted", SYSTEM).add("Uptime", Long.toString(up))
                    .add("LastReload", Long.toString(up)).add("Status", "Fully Booted").end());
        }
        server.broadcast(SecurityEvents.successfulAuth(c, loginName));
        server.signalSessions();
    }

    private boolean credentialsMatch(Account candidate, Packet req) {
        if ("md5".equalsIgnoreCase(req.get("AuthType"))) {
            String key = req.get("Key");
            return challenge != null && key != null && key.equals(md5Hex(challenge + candidate.secret()));
        }
        return candidate.secret().equals(req.get("Secret"));
    }

    private void challenge(Connection c, Packet req) throws IOException {
        if (!"md5".equalsIgnoreCase(req.get("AuthType"))) {
            c.writeRaw(Wire.error(req, "Must specify AuthType"));
            return;
        }
        if (challenge == null) {  // one challenge per session, reused (§5.2)
            challenge = Integer.toString(ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000));
        }
        c.writeRaw(Wire.response("Success", req).add("Challenge", challenge).end());
    }

    /** Lowercase hex MD5, as Asterisk compares it (case-sensitively). */
    static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a mandatory JDK algorithm", e);
        }
    }

    /** Sets the event mask from an Events action; returns the parsed mask (-1 = invalid, unchanged). */
    int setEventMask(String value) {
        int mask = Perms.parseEventMask(value);
        if (mask >= 0) {
            eventMask = mask;
        }
        return mask;
    }

    void addFilter(EventFilter filter) {
        (filter.isExclude() ? excludes : includes).add(filter);
    }

    String username() {
        return account == null ? "" : loginName;
    }

    @Override
    public boolean accepts(ServerEvent event) {
        if (account == null) {
            return false;
        }
        int cls = event.eventClass();
        if ((readPerm & cls) != cls || (eventMask & cls) != cls) {
            return false;
        }
        if (!includes.isEmpty() && includes.stream().noneMatch(f -> f.matches(event))) {
            return false;
        }
        return excludes.stream().noneMatch(f -> f.matches(event));
    }

    @Override
    public boolean loggedIn() {
        return account != null;
    }
}
