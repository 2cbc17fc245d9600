package io.switchboard.ami;

import io.switchboard.ami.codec.DecoderLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a client needs to reach and log in to one Asterisk server. Immutable; make one with
 * {@link #builder()}, derive variants with {@link #toBuilder()}. Validated in {@link Builder#build()}.
 * The secret is never shown by {@link #toString()}.
 */
public final class AmiConfig {
    public static final int DEFAULT_PORT = 5038;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_HELD_ACTIONS = 10_000;
    public static final int DEFAULT_TLS_PORT = 5039;

    private final String host;
    private final int port;
    private final String username;
    private final String secret;
    private final AuthType authType;
    private final String events;
    private final Duration connectTimeout;
    private final Duration actionTimeout;
    private final Duration closeTimeout;
    private final String actionIdPrefix;
    private final DecoderLimits decoderLimits;
    private final int eventQueueCapacity;
    private final OverflowPolicy overflowPolicy;
    private final boolean separateEventConnection;
    private final AmiTransport transport;
    private final String httpPath;
    private final boolean reconnect;
    private final Backoff backoff;
    private final int maxReconnectAttempts;
    private final Duration keepaliveInterval;
    private final Duration keepaliveTimeout;
    private final int maxHeldActions;
    private final javax.net.ssl.SSLContext sslContext;
    private final boolean hostnameVerification;
    private final AmiMetrics metrics;
    private final ConnectionListener connectionListener;

    private AmiConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.secret = b.secret;
        this.authType = b.authType;
        this.events = b.events;
        this.connectTimeout = b.connectTimeout;
        this.actionTimeout = b.actionTimeout;
        this.closeTimeout = b.closeTimeout;
        this.actionIdPrefix = b.actionIdPrefix;
        this.decoderLimits = b.decoderLimits;
        this.eventQueueCapacity = b.eventQueueCapacity;
        this.overflowPolicy = b.overflowPolicy;
        this.separateEventConnection = b.separateEventConnection;
        this.transport = b.transport;
        this.httpPath = b.httpPath;
        this.reconnect = b.reconnect;
        this.backoff = b.backoff;
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.keepaliveInterval = b.keepaliveInterval;
        this.keepaliveTimeout = b.keepaliveTimeout;
        this.maxHeldActions = b.maxHeldActions;
        this.sslContext = b.sslContext;
        this.hostnameVerification = b.hostnameVerification;
        this.metrics = b.metrics;
        this.connectionListener = b.connectionListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.username = username;
        b.secret = secret;
        b.authType = authType;
        b.events = events;
        b.connectTimeout = connectTimeout;
        b.actionTimeout = actionTimeout;
        b.closeTimeout = closeTimeout;
        b.actionIdPrefix = actionIdPrefix;
        b.decoderLimits = decoderLimits;
        b.eventQueueCapacity = eventQueueCapacity;
        b.overflowPolicy = overflowPolicy;
        b.separateEventConnection = separateEventConnection;
        b.transport = transport;
        b.httpPath = httpPath;
        b.reconnect = reconnect;
        b.backoff = backoff;
        b.maxReconnectAttempts = maxReconnectAttempts;
        b.keepaliveInterval = keepaliveInterval;
        b.keepaliveTimeout = keepaliveTimeout;
        b.maxHeldActions = maxHeldActions;
        b.sslContext = sslContext;
        b.hostnameVerification = hostnameVerification;
        b.metrics = metrics;
        b.connectionListener = connectionListener;
        return b;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    /** The secret; handle with care, never log it. */
    public String secret() {
        return secret;
    }

    public AuthType authType() {
        return authType;
    }

    /** The {@code Events:} value sent at login ({@code on}, {@code off}, {@code call,system}...), or null for none. */
    public String events() {
        return events;
    }

    /**
     * How long each step of connecting may take: the TCP connect, the TLS handshake, the AMI greeting, and the
     * login (the MD5 {@code Challenge} and the {@code Login} each). A server that accepts but stalls in any of
     * them fails the connect, or that reconnect attempt, after about this long.
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Default deadline of an action, from the moment it is sent until its complete answer. */
    public Duration actionTimeout() {
        return actionTimeout;
    }

    /** How long {@code close()} waits for the answer to Logoff. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Prefix of generated ActionIDs; null means a random one per client. */
    public String actionIdPrefix() {
        return actionIdPrefix;
    }

    public DecoderLimits decoderLimits() {
        return decoderLimits;
    }

    /** Default capacity of each subscription's queue. */
    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    /** Default overflow policy of subscriptions. */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** Whether to reconnect after a loss (default true). */
    public boolean reconnect() {
        return reconnect;
    }

    /** Delays between reconnect attempts. */
    public Backoff backoff() {
        return backoff;
    }

    /** Attempts before giving up after a loss; 0 means never give up. */
    public int maxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    /** Idle time after which a Ping checks the connection; null disables keepalive. */
    public Duration keepaliveInterval() {
        return keepaliveInterval;
    }

    /** How long a keepalive Ping may take before the connection counts as half-open. */
    public Duration keepaliveTimeout() {
        return keepaliveTimeout;
    }

    /** Most actions held while disconnected; beyond it new actions fail at once with NOT_SENT. */
    public int maxHeldActions() {
        return maxHeldActions;
    }

    /** TLS context; null means plain TCP. */
    public javax.net.ssl.SSLContext sslContext() {
        return sslContext;
    }

    /** Whether TLS checks the server certificate against the host name (default true). */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** Metrics hooks. */
    public AmiMetrics metrics() {
        return metrics;
    }

    /** A listener that hears every connection event from the first connect on; null for none. */
    public ConnectionListener connectionListener() {
        return connectionListener;
    }

    /** TCP (default) or HTTP (/rawman with WaitEvent polling). */
    public AmiTransport transport() {
        return transport;
    }

    /** Path of the raw manager URI for the HTTP transport, with any http.conf prefix (default /rawman). */
    public String httpPath() {
        return httpPath;
    }

    /** Whether to use two connections: actions on one logged in with Events: off, events on another (default false). */
    public boolean separateEventConnection() {
        return separateEventConnection;
    }

    @Override
    public String toString() {
        return "AmiConfig{" + username + "@" + host + ":" + port + ", auth=" + authType
                + ", secret=" + (secret == null ? "none" : Secrets.MASK)
                + (transport == AmiTransport.HTTP ? ", http " + httpPath : "") + (sslContext == null ? "" : ", tls")
                + (events == null ? "" : ", events=" + events) + ", actionTimeout=" + actionTimeout + "}";
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String username;
        private String secret;
        private AuthType authType = AuthType.PLAIN;
        private String events;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration actionTimeout = DEFAULT_ACTION_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private String actionIdPrefix;
        private DecoderLimits decoderLimits = DecoderLimits.DEFAULT;
        private int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
        private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;
        private boolean separateEventConnection = false;
        private AmiTransport transport = AmiTransport.TCP;
        private String httpPath = "/rawman";
        private boolean reconnect = true;
        private Backoff backoff = Backoff.DEFAULT;
        private int maxReconnectAttempts = 0;
        private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
        private Duration keepaliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;
        private int maxHeldActions = DEFAULT_MAX_HELD_ACTIONS;
        private javax.net.ssl.SSLContext sslContext = null;
        private boolean hostnameVerification = true;
        private AmiMetrics metrics = AmiMetrics.NONE;
        private ConnectionListener connectionListener = null;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        public Builder authType(AuthType authType) {
            this.authType = authType;
            return this;
        }

        /** The event mask sent with Login ({@code on}, {@code off}, {@code system,call}...); null sends none. */
        public Builder events(String events) {
            this.events = events;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder actionTimeout(Duration actionTimeout) {
            this.actionTimeout = actionTimeout;
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Prefix for generated ActionIDs (at most 40 bytes, no CR/LF), e.g. to tell clients apart. */
        public Builder actionIdPrefix(String actionIdPrefix) {
            this.actionIdPrefix = actionIdPrefix;
            return this;
        }

        public Builder decoderLimits(DecoderLimits decoderLimits) {
            this.decoderLimits = decoderLimits;
            return this;
        }

        public Builder eventQueueCapacity(int eventQueueCapacity) {
            this.eventQueueCapacity = eventQueueCapacity;
            return this;
        }

        public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
            this.overflowPolicy = overflowPolicy;
            return this;
        }

        /** Whether to reconnect after a loss (default true). */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** Delays between reconnect attempts. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Attempts before giving up after a loss; 0 means never give up. */
        public Builder maxReconnectAttempts(int maxReconnectAttempts) {
            this.maxReconnectAttempts = maxReconnectAttempts;
            return this;
        }

        /** Idle time after which a Ping checks the connection; null disables keepalive. */
        public Builder keepaliveInterval(Duration keepaliveInterval) {
            this.keepaliveInterval = keepaliveInterval;
            return this;
        }

        /** How long a keepalive Ping may take before the connection counts as half-open. */
        public Builder keepaliveTimeout(Duration keepaliveTimeout) {
            this.keepaliveTimeout = keepaliveTimeout;
            return this;
        }

        /** Most actions held while disconnected; beyond it new actions fail at once with NOT_SENT. */
        public Builder maxHeldActions(int maxHeldActions) {
            this.maxHeldActions = maxHeldActions;
            return this;
        }

        /** TLS context; null means plain TCP. */
        public Builder sslContext(javax.net.ssl.SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Whether TLS checks the server certificate against the host name (default true). */
        public Builder hostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
            return this;
        }

        /** Metrics hooks. */
        public Builder metrics(AmiMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** A listener that hears every connection event from the first connect on; null for none. */
        public Builder connectionListener(ConnectionListener connectionListener) {
            this.connectionListener = connectionListener;
            return this;
        }

        /** TCP (default) or HTTP (/rawman with WaitEvent polling). */
        public Builder transport(AmiTransport transport) {
            this.transport = transport;
            return this;
        }

        /** Path of the raw manager URI for the HTTP transport, with any http.conf prefix (default /rawman). */
        public Builder httpPath(String httpPath) {
            this.httpPath = httpPath;
            return this;
        }

        /** Whether to use two connections: actions on one logged in with Events: off, events on another (default false). */
        public Builder separateEventConnection(boolean separateEventConnection) {
            this.separateEventConnection = separateEventConnection;
            return this;
        }

        /** TLS with this context (AMI over TLS listens on 5039 by default; set the port too). */
        public Builder tls(javax.net.ssl.SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        public AmiConfig build() {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Objects.requireNonNull(username, "username");
            Packet.checkValue("Username", username);
            if (secret != null) {
                Packet.checkValue("Secret", secret);
            }
            if (events != null) {
                Packet.checkValue("Events", events);
            }
            Objects.requireNonNull(authType, "authType");
            positive(connectTimeout, "connectTimeout");
            positive(actionTimeout, "actionTimeout");
            positive(closeTimeout, "closeTimeout");
            if (actionIdPrefix != null) {
                Packet.checkValue("ActionID", actionIdPrefix);
                if (actionIdPrefix.isEmpty() || actionIdPrefix.length() > 40) {
                    throw new IllegalArgumentException("actionIdPrefix must be 1 to 40 characters");
                }
            }
            Objects.requireNonNull(decoderLimits, "decoderLimits");
            if (eventQueueCapacity < 1) {
                throw new IllegalArgumentException("eventQueueCapacity must be positive");
            }
            Objects.requireNonNull(overflowPolicy, "overflowPolicy");
            Objects.requireNonNull(backoff, "backoff");
            if (maxReconnectAttempts < 0) {
                throw new IllegalArgumentException("maxReconnectAttempts must be >= 0 (0 = unlimited)");
            }
            if (keepaliveInterval != null && (keepaliveInterval.isNegative() || keepaliveInterval.isZero())) {
                throw new IllegalArgumentException("keepaliveInterval must be positive, or null to disable");
            }
            positive(keepaliveTimeout, "keepaliveTimeout");
            if (maxHeldActions < 0) {
                throw new IllegalArgumentException("maxHeldActions must be >= 0");
            }
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(httpPath, "httpPath");
            if (!httpPath.startsWith("/") || httpPath.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
                throw new IllegalArgumentException("httpPath must be an absolute path without spaces, '?' or '#'");
            }
            return new AmiConfig(this);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }
}
