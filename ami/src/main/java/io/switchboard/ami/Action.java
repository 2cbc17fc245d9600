package io.switchboard.ami;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An AMI request: a name plus ordered headers, built fluently and immutable (every call returns a new action,
 * so one action can be reused as a template).
 *
 * <pre>{@code
 * Action originate = Action.named("Originate")
 *     .header("Channel", "PJSIP/alice")
 *     .header("Application", "Playback")
 *     .header("Data", "hello-world");
 * }</pre>
 *
 * <p>A name or value containing CR or LF is refused with {@link IllegalArgumentException} right here, before
 * anything reaches a socket (header injection). The client assigns the {@code ActionID} unless one is given
 * with {@link #actionId(String)}. {@code Secret} and {@code Key} values are masked in {@link #toString()}.
 */
public final class Action {
    /** Actions that only read state, so resending them after a reconnect cannot change anything. */
    private static final Set<String> READ_ONLY = Set.of(
            "ping", "status", "getvar", "coreshowchannels", "coresettings", "corestatus", "listcommands",
            "queuestatus", "queuesummary", "parkedcalls", "parkinglots", "getconfig", "getconfigjson",
            "listcategories", "extensionstate", "mailboxcount", "mailboxstatus", "dbget", "dbgettree",
            "bridgelist", "bridgeinfo", "bridgetechnologylist", "sippeers", "sipshowpeer", "sipshowregistry",
            "iaxpeers", "iaxpeerlist", "iaxregistry", "pjsipshowendpoints", "pjsipshowendpoint",
            "pjsipshowcontacts", "pjsipshowaors", "pjsipshowauths", "pjsipshowregistrationsinbound",
            "pjsipshowregistrationsoutbound", "pjsipshowsubscriptionsinbound", "pjsipshowsubscriptionsoutbound",
            "pjsipshowresourcelists", "agents", "confbridgelist", "confbridgelistrooms", "meetmelist",
            "meetmelistrooms", "showdialplan", "devicestatelist", "presencestatelist", "extensionstatelist",
            "coreshowchannelmap", "voicemailuserslist", "voicemailusersstatus", "voicemailboxsummary",
            "mwiget", "faxsessions", "faxsession", "faxstats", "presencestate");

    private final String name;
    private final List<Header> headers;
    private final String actionId;
    private final Duration timeout;
    private final Boolean resendable;

    private Action(String name, List<Header> headers, String actionId, Duration timeout, Boolean resendable) {
        this.name = name;
        this.headers = headers;
        this.actionId = actionId;
        this.timeout = timeout;
        this.resendable = resendable;
    }

    /** Starts an action with this name ({@code Originate}, {@code Ping}, ...). */
    public static Action named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("action name must not be empty");
        }
        Packet.checkKey("Action");
        Packet.checkValue("Action", name);
        return new Action(name, List.of(), null, null, null);
    }

    /** Adds a header (keys may repeat, e.g. several {@code Variable} headers). */
    public Action header(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value of " + key);
        Packet.checkKey(key);
        Packet.checkValue(key, value);
        if (key.equalsIgnoreCase("Action")) {
            throw new IllegalArgumentException("the Action header comes from the action name");
        }
        if (key.equalsIgnoreCase("ActionID")) {
            return actionId(value);
        }
        List<Header> copy = new ArrayList<>(headers.size() + 1);
        copy.addAll(headers);
        copy.add(new Header(key, value));
        return new Action(name, Collections.unmodifiableList(copy), actionId, timeout, resendable);
    }

    /** Adds a header with a numeric or other value rendered by {@link String#valueOf(Object)}. */
    public Action header(String key, Object value) {
        return header(key, String.valueOf(value));
    }

    /** Adds a {@code Variable: name=value} header (Originate, Status ...). */
    public Action variable(String variable, String value) {
        Objects.requireNonNull(variable, "variable");
        if (variable.isEmpty() || variable.indexOf('=') >= 0) {
            throw new IllegalArgumentException("variable name must be non-empty and contain no '='");
        }
        return header("Variable", variable + "=" + value);
    }

    /**
     * Uses this ActionID instead of a generated one. It must be at most 64 bytes (longer IDs are truncated by
     * some Asterisk replies and break framing) and unique among this client's pending actions.
     */
    public Action actionId(String id) {
        Objects.requireNonNull(id, "id");
        Packet.checkValue("ActionID", id);
        if (id.isEmpty() || id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
            throw new IllegalArgumentException("ActionID must be 1 to 64 bytes");
        }
        return new Action(name, headers, id, timeout, resendable);
    }

    /** Overrides the client's default deadline for this action. */
    public Action timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return new Action(name, headers, actionId, timeout, resendable);
    }

    /**
     * Declares whether this action may be written again after a reconnect when its first answer was lost.
     * Without a declaration, read-only actions (Ping, Status, Getvar, list and show actions) are resendable
     * and everything else (Originate, Hangup, Redirect, Setvar, Command ...) is not.
     */
    public Action resendable(boolean resendable) {
        return new Action(name, headers, actionId, timeout, resendable);
    }

    /** The action name as given. */
    public String name() {
        return name;
    }

    /** The headers after {@code Action} and {@code ActionID}, in order. */
    public List<Header> headers() {
        return headers;
    }

    /** The value of the first header with this key (case-insensitive), or {@code null}. */
    public String get(String key) {
        for (Header h : headers) {
            if (h.key().equalsIgnoreCase(key)) {
                return h.value();
            }
        }
        return null;
    }

    /** The caller-chosen ActionID, if any. */
    public Optional<String> actionId() {
        return Optional.ofNullable(actionId);
    }

    /** The per-action deadline, if one was set. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Whether the action may be resent after a reconnect (see {@link #resendable(boolean)}). */
    public boolean isResendable() {
        if (resendable != null) {
            return resendable;
        }
        return READ_ONLY.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The packet to write: {@code Action}, then {@code ActionID} (if {@code id} is non-null), then headers. */
    public Packet toPacket(String id) {
        Packet.Builder b = Packet.builder().add("Action", name);
        if (id != null) {
            b.add("ActionID", id);
        }
        for (Header h : headers) {
            b.add(h.key(), h.value());
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Action a && a.name.equals(name) && a.headers.equals(headers)
                && Objects.equals(a.actionId, actionId) && Objects.equals(a.timeout, timeout)
                && Objects.equals(a.resendable, resendable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, headers, actionId);
    }

    /** {@code Action{Login, Username: admin, Secret: ********}}: secrets are always masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Action{").append(name);
        if (actionId != null) {
            sb.append(", ActionID: ").append(actionId);
        }
        for (Header h : headers) {
            sb.append(", ").append(h);
        }
        return sb.append('}').toString();
    }
}
