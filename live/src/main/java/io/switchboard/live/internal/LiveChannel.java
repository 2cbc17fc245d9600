package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.Response;
import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelGoneException;
import io.switchboard.live.ChannelListener;
import io.switchboard.live.ChannelSnapshot;
import io.switchboard.live.HangupCause;
import io.switchboard.live.ParkedCall;
import io.switchboard.live.Registration;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The object behind {@link Channel}: a stable handle whose snapshot the model replaces on each event. Fields
 * written only by the model's event thread; volatile so every thread reads the latest.
 */
final class LiveChannel implements Channel {
    private static final String DTMF = "0123456789*#ABCDabcd";

    private final DefaultAsteriskServer server;
    private volatile ChannelSnapshot snapshot;
    private volatile HangupCause hangupCause;
    private volatile boolean recording;
    /** The model's event counter when an event last touched this channel (see {@link ChannelRegistry}). */
    volatile long touchedAt;
    /** Creation order in the model, to list channels oldest first when creation times tie. */
    final long order;
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();

    LiveChannel(DefaultAsteriskServer server, ChannelSnapshot snapshot, long order) {
        this.server = server;
        this.snapshot = snapshot;
        this.order = order;
    }

    @Override
    public ChannelSnapshot snapshot() {
        return snapshot;
    }

    void snapshot(ChannelSnapshot s) {
        this.snapshot = s;
    }

    void ended(HangupCause cause) {
        this.hangupCause = cause;
    }

    void recording(boolean on) {
        this.recording = on;
    }

    List<ChannelListener> listeners() {
        return listeners;
    }

    @Override
    public Optional<Bridge> bridge() {
        String id = snapshot.bridgeId();
        return id.isEmpty() || !isAlive() ? Optional.empty() : server.bridge(id);
    }

    @Override
    public boolean isAlive() {
        return hangupCause == null;
    }

    @Override
    public Optional<HangupCause> hangupCause() {
        return Optional.ofNullable(hangupCause);
    }

    @Override
    public boolean isRecording() {
        return recording && isAlive();
    }

    // ---- operations ----

    @Override
    public void hangup() {
        hangup(16);
    }

    @Override
    public void hangup(int cause) {
        if (cause < 0 || cause > 127) {
            throw new IllegalArgumentException("Q.850 causes are 0 to 127: " + cause);
        }
        send("hang up", Action.named("Hangup").header("Cause", Integer.toString(cause)));
    }

    @Override
    public String variable(String name) {
        requireText(name, "variable name");
        String value = send("read a variable of", Action.named("Getvar").header("Variable", name)).get("Value");
        return value == null ? "" : value;
    }

    @Override
    public void setVariable(String name, String value) {
        requireText(name, "variable name");
        send("set a variable on", Action.named("Setvar").header("Variable", name)
                .header("Value", value == null ? "" : value));
    }

    @Override
    public void redirect(String context, String extension, int priority) {
        requireText(context, "context");
        requireText(extension, "extension");
        if (priority < 1) {
            throw new IllegalArgumentException("priority must be >= 1");
        }
        send("redirect", Action.named("Redirect").header("Context", context).header("Exten", extension)
                .header("Priority", Integer.toString(priority)));
    }

    @Override
    public void startRecording(String file, String options) {
        requireText(file, "file");
        Action a = Action.named("MixMonitor").header("File", file);
        if (options != null && !options.isEmpty()) {
            a = a.header("Options", options);
        }
        send("record", a);
        recording = true;
    }

    @Override
    public void stopRecording() {
        send("stop recording", Action.named("StopMixMonitor"));
        recording = false;
    }

    @Override
    public ParkedCall park() {
        return park(null, null);
    }

    @Override
    public ParkedCall park(String parkingLot, Duration timeout) {
        checkAlive("park");
        Action a = Action.named("Park");
        if (parkingLot != null && !parkingLot.isEmpty()) {
            a = a.header("Parkinglot", parkingLot);
        }
        if (timeout != null) {
            a = a.header("Timeout", Long.toString(timeout.toMillis()));
        }
        Action action = a;
        return server.parking().awaitParked(uniqueid(), () -> send("park", action));
    }

    @Override
    public void sendDtmf(String digits) {
        requireText(digits, "digits");
        for (char c : digits.toCharArray()) {
            if (DTMF.indexOf(c) < 0) {
                throw new IllegalArgumentException("not a DTMF digit: '" + c + "'");
            }
        }
        for (char c : digits.toCharArray()) {
            send("send DTMF to", Action.named("PlayDTMF").header("Digit", String.valueOf(c)));
        }
    }

    @Override
    public Registration addListener(ChannelListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Sends an action about this channel (its name added as {@code Channel}), refusing at once if the channel is
     * gone, and translating Asterisk's "no such channel" answers into {@link ChannelGoneException}.
     */
    private Response send(String operation, Action action) {
        checkAlive(operation);
        try {
            return server.client().send(withChannel(action));
        } catch (ActionFailedException e) {
            if (meansNoSuchChannel(e.response().message())) {
                throw new ChannelGoneException(name(), hangupCause, operation, e);
            }
            throw e;
        }
    }

    private Action withChannel(Action action) {
        // Channel first, as Asterisk's own documentation lists it; the rest keeps its order.
        Action a = Action.named(action.name()).header("Channel", name());
        for (var h : action.headers()) {
            a = a.header(h.key(), h.value());
        }
        return a;
    }

    private void checkAlive(String operation) {
        HangupCause cause = hangupCause;
        if (cause != null) {
            throw new ChannelGoneException(name(), cause, operation, null);
        }
    }

    /** The texts Asterisk 22 uses when the named channel does not exist (manager.c, res_parking, app_mixmonitor). */
    static boolean meansNoSuchChannel(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.startsWith("no such channel") || m.startsWith("channel does not exist")
                || m.startsWith("channel not found") || m.contains("channel specified does not exist")
                || m.startsWith("unable to find channel");
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    @Override
    public String toString() {
        ChannelSnapshot s = snapshot;
        return "Channel[" + s.name() + " " + s.uniqueid() + " " + s.state()
                + (isAlive() ? "" : " gone: " + hangupCause) + "]";
    }
}
