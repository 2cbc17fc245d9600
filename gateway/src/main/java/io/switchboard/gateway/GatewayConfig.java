package io.switchboard.gateway;

import io.switchboard.gateway.internal.YamlConfigReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's immutable configuration: servers, API tokens, where to listen. Build it in code with
 * {@link #builder()} or read a {@code switchboard.yml} with {@link #load(Path)} (see
 * {@code gateway/switchboard.example.yml}).
 */
public final class GatewayConfig {
    /** Loopback only unless configured otherwise. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The HTTP port when none is given. */
    public static final int DEFAULT_PORT = 8088;
    /** Largest request body accepted, in bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** Events kept per server for {@code ?since=} resume. */
    public static final int DEFAULT_EVENT_BUFFER = 10_000;
    /**
     * Silence after which an event stream client gets a keepalive (SSE comment, WebSocket ping): well under the
     * 60 s idle limit common in proxies and load balancers.
     */
    public static final Duration DEFAULT_EVENT_HEARTBEAT = Duration.ofSeconds(15);
    /** Event stream clients (WebSocket and SSE together) served at once when none is configured. */
    public static final int DEFAULT_MAX_EVENT_CLIENTS = 256;
    /** Largest {@code maxEventClients} accepted. */
    public static final int MAX_EVENT_CLIENTS = 100_000;
    /** Shortest heartbeat accepted: below it keepalives would cost more than the events. */
    public static final Duration MIN_EVENT_HEARTBEAT = Duration.ofMillis(100);
    /** Longest heartbeat accepted: beyond it idle connections are cut before the first keepalive anyway. */
    public static final Duration MAX_EVENT_HEARTBEAT = Duration.ofMinutes(5);

    private final List<ServerConfig> servers;
    private final List<ApiToken> tokens;
    private final String bindAddress;
    private final int port;
    private final int maxBodyBytes;
    private final int eventBuffer;
    private final Duration eventHeartbeat;
    private final int maxEventClients;
    private final RateLimit originateRate;
    private final AuthFailureLimit authFailureRate;
    private final boolean metricsPublic;
    private final RecorderConfig recorder;
    private final KafkaConfig kafka;

    private GatewayConfig(Builder b) {
        this.servers = List.copyOf(b.servers);
        this.tokens = List.copyOf(b.tokens);
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.maxBodyBytes = b.maxBodyBytes;
        this.eventBuffer = b.eventBuffer;
        this.eventHeartbeat = b.eventHeartbeat;
        this.maxEventClients = b.maxEventClients;
        this.originateRate = b.originateRate;
        this.authFailureRate = b.authFailureRate;
        this.metricsPublic = b.metricsPublic;
        this.recorder = b.recorder;
        this.kafka = b.kafka;
    }

    /** A new builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads and validates a YAML configuration file. */
    public static GatewayConfig load(Path file) {
        return YamlConfigReader.read(file);
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.servers.addAll(servers);
        b.tokens.addAll(tokens);
        return b.bindAddress(bindAddress).port(port).maxBodyBytes(maxBodyBytes).eventBuffer(eventBuffer)
                .eventHeartbeat(eventHeartbeat).maxEventClients(maxEventClients).originateRate(originateRate).authFailureRate(authFailureRate).metricsPublic(metricsPublic)
                .recorder(recorder).kafka(kafka);
    }

    /** The Asterisk servers, in configuration order. */
    public List<ServerConfig> servers() {
        return servers;
    }

    /** The API tokens (hashed). */
    public List<ApiToken> tokens() {
        return tokens;
    }

    /** Address the HTTP server binds to. */
    public String bindAddress() {
        return bindAddress;
    }

    /** HTTP port; 0 picks a free one (see {@link Gateway#port()}). */
    public int port() {
        return port;
    }

    /** Largest request body accepted, in bytes; larger ones get 413. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Events kept per server for resume. */
    public int eventBuffer() {
        return eventBuffer;
    }

    /**
     * How long an event stream (SSE or WebSocket) may stay silent before the gateway sends a keepalive: an SSE
     * comment or a WebSocket ping. It keeps proxies from cutting quiet streams and finds clients that left.
     */
    public Duration eventHeartbeat() {
        return eventHeartbeat;
    }

    /**
     * Most clients following {@code /api/v1/events} at once, WebSocket and SSE together; one more is refused
     * (WebSocket close 1013, SSE 503) so that clients cannot take every thread, socket and buffer.
     */
    public int maxEventClients() {
        return maxEventClients;
    }

    /** The default origination limit per token (a token's own {@link ApiToken#originateRate()} wins). */
    public RateLimit originateRate() {
        return originateRate;
    }

    /** How many wrong tokens a remote address may present before it is refused (429) for a while. */
    public AuthFailureLimit authFailureRate() {
        return authFailureRate;
    }

    /** Whether {@code GET /metrics} is served without a token (otherwise it needs a viewer token). */
    public boolean metricsPublic() {
        return metricsPublic;
    }

    /** The billing recorder to run inside the gateway ({@code recorder:}), if one is configured. */
    public Optional<RecorderConfig> recorder() {
        return Optional.ofNullable(recorder);
    }

    /** The call recorder's JDBC URL ({@code recorder.url}), if a recorder is configured. */
    public Optional<String> recorderUrl() {
        return recorder().map(RecorderConfig::url);
    }

    /** Where the recorder spools rows while its database is unreachable ({@code recorder.spoolDir}), if set. */
    public Optional<Path> recorderSpoolDir() {
        return recorder().map(RecorderConfig::spoolDir);
    }

    /** Kafka publishing ({@code kafka:}), if configured. */
    public Optional<KafkaConfig> kafka() {
        return Optional.ofNullable(kafka);
    }

    /**
     * The PostgreSQL URL Kafka leader election uses: {@code kafka.leaderElection.jdbcUrl}, else the recorder's;
     * empty when no leader election is configured.
     */
    public Optional<String> leaderElectionJdbcUrl() {
        if (kafka == null || kafka.leaderElection().isEmpty()) {
            return Optional.empty();
        }
        return kafka.leaderElection().get().jdbcUrl().or(this::recorderUrl);
    }

    @Override
    public String toString() {
        return "GatewayConfig{servers=" + servers.stream().map(ServerConfig::name).toList() + ", tokens="
                + tokens.size() + ", bind=" + bindAddress + ":" + port + "}";
    }

    /** Builds a {@link GatewayConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final List<ServerConfig> servers = new ArrayList<>();
        private final List<ApiToken> tokens = new ArrayList<>();
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int eventBuffer = DEFAULT_EVENT_BUFFER;
        private Duration eventHeartbeat = DEFAULT_EVENT_HEARTBEAT;
        private int maxEventClients = DEFAULT_MAX_EVENT_CLIENTS;
        private RateLimit originateRate = RateLimit.DEFAULT;
        private AuthFailureLimit authFailureRate = AuthFailureLimit.DEFAULT;
        private boolean metricsPublic;
        private RecorderConfig recorder;
        private KafkaConfig kafka;

        private Builder() {
        }

        /** Adds a server. */
        public Builder server(ServerConfig server) {
            servers.add(server);
            return this;
        }

        /** Adds a token. */
        public Builder token(ApiToken token) {
            tokens.add(token);
            return this;
        }

        /** Address to bind to (default 127.0.0.1). */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** HTTP port (0 for any free port). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Largest request body, in bytes. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Events kept per server for resume. */
        public Builder eventBuffer(int eventBuffer) {
            this.eventBuffer = eventBuffer;
            return this;
        }

        /**
         * Silence before an event stream client gets a keepalive (default 15 s; between
         * {@link #MIN_EVENT_HEARTBEAT} and {@link #MAX_EVENT_HEARTBEAT}).
         */
        public Builder eventHeartbeat(Duration eventHeartbeat) {
            this.eventHeartbeat = Objects.requireNonNull(eventHeartbeat, "eventHeartbeat");
            return this;
        }

        /**
         * Most event stream clients at once, WebSocket and SSE together (default
         * {@link #DEFAULT_MAX_EVENT_CLIENTS}; 1 to {@link #MAX_EVENT_CLIENTS}).
         */
        public Builder maxEventClients(int maxEventClients) {
            this.maxEventClients = maxEventClients;
            return this;
        }

        /** Default origination limit per token. */
        public Builder originateRate(RateLimit originateRate) {
            this.originateRate = Objects.requireNonNull(originateRate, "originateRate");
            return this;
        }

        /** Wrong tokens allowed per remote address (default {@link AuthFailureLimit#DEFAULT}). */
        public Builder authFailureRate(AuthFailureLimit authFailureRate) {
            this.authFailureRate = Objects.requireNonNull(authFailureRate, "authFailureRate");
            return this;
        }

        /** Serve {@code /metrics} without a token (default false: viewer token needed). */
        public Builder metricsPublic(boolean metricsPublic) {
            this.metricsPublic = metricsPublic;
            return this;
        }

        /**
         * The recorder's JDBC URL (e.g. {@code jdbc:sqlite:switchboard-cdr.db}) and spool directory, each may be
         * null. The URL may hold a password, so it is never part of {@link #toString()}.
         */
        public Builder recorder(String jdbcUrl, Path spoolDir) {
            return recorder(jdbcUrl == null && spoolDir == null ? null : RecorderConfig.of(jdbcUrl, spoolDir));
        }

        /** The billing recorder to run (null: none). */
        public Builder recorder(RecorderConfig recorder) {
            this.recorder = recorder;
            return this;
        }

        /** Publish events, status changes and call records to Kafka (null: don't). */
        public Builder kafka(KafkaConfig kafka) {
            this.kafka = kafka;
            return this;
        }

        /** Validates and builds. */
        public GatewayConfig build() {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("at least one server is required");
            }
            Set<String> names = new HashSet<>();
            for (ServerConfig s : servers) {
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException("server name '" + s.name() + "' is used twice");
                }
            }
            Set<String> hashes = new HashSet<>();
            for (ApiToken t : tokens) {
                if (!hashes.add(t.sha256())) {
                    throw new IllegalArgumentException("token '" + t.name() + "' has the same hash as another");
                }
            }
            if (bindAddress == null || bindAddress.isBlank()) {
                throw new IllegalArgumentException("bind address is required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535");
            }
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            if (eventBuffer < 1) {
                throw new IllegalArgumentException("eventBuffer must be at least 1");
            }
            if (eventHeartbeat.compareTo(MIN_EVENT_HEARTBEAT) < 0
                    || eventHeartbeat.compareTo(MAX_EVENT_HEARTBEAT) > 0) {
                throw new IllegalArgumentException("eventHeartbeat must be between "
                        + MIN_EVENT_HEARTBEAT.toMillis() + " ms and " + MAX_EVENT_HEARTBEAT.toSeconds() + " s, not "
                        + eventHeartbeat.toMillis() + " ms");
            }
            if (maxEventClients < 1 || maxEventClients > MAX_EVENT_CLIENTS) {
                throw new IllegalArgumentException("maxEventClients must be between 1 and " + MAX_EVENT_CLIENTS
                        + ", not " + maxEventClients);
            }
            if (kafka != null && kafka.leaderElection().isPresent()) {
                String url = kafka.leaderElection().get().jdbcUrl().orElse(recorder == null ? null : recorder.url());
                if (url == null) {
                    throw new IllegalArgumentException("kafka.leaderElection needs a PostgreSQL database: set"
                            + " kafka.leaderElection.jdbcUrl or a PostgreSQL recorder.url");
                }
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("kafka.leaderElection works only with PostgreSQL (it holds"
                            + " an advisory lock); " + (kafka.leaderElection().get().jdbcUrl().isPresent()
                            ? "kafka.leaderElection.jdbcUrl" : "recorder.url") + " is "
                            + url.substring(0, url.indexOf(':', 5) + 1) + "... : use a jdbc:postgresql: URL");
                }
            }
            return new GatewayConfig(this);
        }
    }
}
