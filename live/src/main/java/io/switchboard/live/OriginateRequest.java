package io.switchboard.live;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to originate: a dial string ({@code PJSIP/alice}, {@code Local/100@from-internal}) and, once it answers,
 * either an application ({@link Builder#application}) or a dialplan location ({@link Builder#dialplan}).
 * Immutable; build with {@link #to(String)}.
 *
 * <pre>{@code
 * Channel alice = server.originate(OriginateRequest.to("PJSIP/alice")
 *         .dialplan("from-internal", "100", 1)
 *         .callerId(new CallerId("Front desk", "100"))
 *         .variable("CALL_REASON", "callback")
 *         .timeout(Duration.ofSeconds(20))
 *         .build()).get();
 * }</pre>
 *
 * <p>The originated channel is found by a {@code ChannelId} chosen here (a random UUID unless
 * {@link Builder#channelId} sets one), which Asterisk uses as the channel's Uniqueid; never by guessing from
 * events.
 */
public final class OriginateRequest {
    /** Asterisk's own default: ring for 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String channel;
    private final String application;
    private final String data;
    private final String context;
    private final String extension;
    private final int priority;
    private final CallerId callerId;
    private final Map<String, String> variables;
    private final Duration timeout;
    private final String account;
    private final String channelId;
    private final String otherChannelId;
    private final boolean earlyMedia;

    private OriginateRequest(Builder b) {
        this.channel = b.channel;
        this.application = b.application;
        this.data = b.data;
        this.context = b.context;
        this.extension = b.extension;
        this.priority = b.priority;
        this.callerId = b.callerId;
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
        this.timeout = b.timeout;
        this.account = b.account;
        this.channelId = b.channelId;
        this.otherChannelId = b.otherChannelId;
        this.earlyMedia = b.earlyMedia;
    }

    /** Starts a request that dials {@code channel} (a dial string: technology/resource). */
    public static Builder to(String channel) {
        return new Builder(channel);
    }

    /** A builder with this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder(channel);
        b.application = application;
        b.data = data;
        b.context = context;
        b.extension = extension;
        b.priority = priority;
        b.callerId = callerId;
        b.variables.putAll(variables);
        b.timeout = timeout;
        b.account = account;
        b.channelId = channelId;
        b.otherChannelId = otherChannelId;
        b.earlyMedia = earlyMedia;
        return b;
    }

    /** The dial string. */
    public String channel() {
        return channel;
    }

    /** The application to run once answered, if this is an application originate. */
    public Optional<String> application() {
        return Optional.ofNullable(application);
    }

    /** The application's data ("" if none). */
    public String data() {
        return data == null ? "" : data;
    }

    /** The dialplan context, if this is a dialplan originate. */
    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    /** The dialplan extension, if this is a dialplan originate. */
    public Optional<String> extension() {
        return Optional.ofNullable(extension);
    }

    /** The dialplan priority (1 unless set). */
    public int priority() {
        return priority;
    }

    /** The caller ID, if set. */
    public Optional<CallerId> callerId() {
        return Optional.ofNullable(callerId);
    }

    /** Channel variables, in order. */
    public Map<String, String> variables() {
        return variables;
    }

    /** How long to let it ring. */
    public Duration timeout() {
        return timeout;
    }

    /** The account code, if set. */
    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    /** The caller-chosen ChannelId, if set (otherwise one is generated per originate). */
    public Optional<String> channelId() {
        return Optional.ofNullable(channelId);
    }

    /** The Uniqueid of the second half of a Local channel, if set. */
    public Optional<String> otherChannelId() {
        return Optional.ofNullable(otherChannelId);
    }

    /** Whether early media counts as answered. */
    public boolean earlyMedia() {
        return earlyMedia;
    }

    @Override
    public String toString() {
        return "OriginateRequest{" + channel + " -> "
                + (application != null ? application + "(" + data() + ")" : extension + "@" + context + ":" + priority)
                + "}";
    }

    /** Builds an {@link OriginateRequest}; not thread-safe. */
    public static final class Builder {
        private final String channel;
        private String application;
        private String data;
        private String context;
        private String extension;
        private int priority = 1;
        private CallerId callerId;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private String account;
        private String channelId;
        private String otherChannelId;
        private boolean earlyMedia;

        private Builder(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.indexOf('/') <= 0 || channel.endsWith("/")) {
                throw new IllegalArgumentException("channel must be a dial string like PJSIP/alice: " + channel);
            }
            this.channel = channel;
        }

        /** Once answered, run {@code application} with {@code data} (replaces a dialplan location). */
        public Builder application(String application, String data) {
            this.application = requireText(application, "application");
            this.data = data == null ? "" : data;
            this.context = null;
            this.extension = null;
            return this;
        }

        /** Once answered, continue in the dialplan at {@code context,extension,priority} (replaces an application). */
        public Builder dialplan(String context, String extension, int priority) {
            this.context = requireText(context, "context");
            this.extension = requireText(extension, "extension");
            if (priority < 1) {
                throw new IllegalArgumentException("priority must be >= 1");
            }
            this.priority = priority;
            this.application = null;
            this.data = null;
            return this;
        }

        /** The caller ID presented to the called party. */
        public Builder callerId(CallerId callerId) {
            this.callerId = callerId;
            return this;
        }

        /** Sets a channel variable on the new channel (names must not contain '='). */
        public Builder variable(String name, String value) {
            requireText(name, "variable name");
            if (name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("variable name must not contain '=': " + name);
            }
            variables.put(name, value == null ? "" : value);
            return this;
        }

        /** How long to ring before giving up (whole seconds matter to Asterisk; at least one second). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1000) {
                throw new IllegalArgumentException("timeout must be at least one second");
            }
            this.timeout = timeout;
            return this;
        }

        /** The account code of the new channel. */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /**
         * The Uniqueid the new channel gets (at most 149 characters, unique on the server). Without it a random
         * UUID is used for each originate.
         */
        public Builder channelId(String channelId) {
            this.channelId = checkId(channelId);
            return this;
        }

        /** The Uniqueid of the second half of a Local channel. */
        public Builder otherChannelId(String otherChannelId) {
            this.otherChannelId = checkId(otherChannelId);
            return this;
        }

        /** Treat early media (progress) as answered. */
        public Builder earlyMedia(boolean earlyMedia) {
            this.earlyMedia = earlyMedia;
            return this;
        }

        /** The request; it needs an application or a dialplan location. */
        public OriginateRequest build() {
            if (application == null && context == null) {
                throw new IllegalStateException("say where the answered channel goes: application(...) or dialplan(...)");
            }
            return new OriginateRequest(this);
        }

        private static String checkId(String id) {
            if (id != null && (id.isEmpty() || id.length() > 149)) {
                throw new IllegalArgumentException("a channel id must be 1 to 149 characters");
            }
            return id;
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return s;
        }
    }
}
