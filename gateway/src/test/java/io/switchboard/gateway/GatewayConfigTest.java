package io.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {
    @TempDir
    Path dir;

    @Test
    void theExampleLoads() {
        GatewayConfig c = GatewayConfig.load(Path.of("switchboard.example.yml"));
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8088);
        assertThat(c.servers()).extracting(ServerConfig::name).containsExactly("pbx1", "pbx2");
        assertThat(c.servers().get(1).port()).isEqualTo(5038);
        assertThat(c.servers().get(0).secretEnv()).isEqualTo("PBX1_AMI_SECRET");
        assertThat(c.tokens()).extracting(ApiToken::role).containsExactly(Role.VIEWER, Role.OPERATOR, Role.ADMIN);
        assertThat(c.originateRate()).isEqualTo(new RateLimit(60, 10));
        assertThat(c.tokens().get(1).originateRate()).isEqualTo(new RateLimit(120, 20));
        assertThat(c.tokens().get(0).originateRate()).isNull();
        assertThat(c.metricsPublic()).isFalse();
        assertThat(c.authFailureRate()).isEqualTo(AuthFailureLimit.DEFAULT);
        assertThat(c.maxEventClients()).isEqualTo(256);
        assertThat(c.recorderUrl()).isEmpty();
        assertThat(c.servers()).noneMatch(ServerConfig::tls);
        assertThat(c.kafka()).isEmpty();
    }

    @Test
    void kafkaSectionWithDefaultsSecretsAndLeaderElectionOnTheRecorderDatabase() throws IOException {
        Path jaas = Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"gw\" password=\"pw-secret\";\n");
        GatewayConfig c = load("""
                servers: [{name: a, host: h, username: u, secretEnv: E}]
                recorder: {url: "jdbc:postgresql://db:5432/sb", spoolDir: spool, user: sb, passwordEnv: DB_PW}
                kafka:
                  bootstrapServers: "k1:9092,k2:9092"
                  topics: {cdr: billing.cdr}
                  buffer: {records: 500, bytes: 5000000000, overflow: dropNewest}
                  producer: {compression.type: lz4, security.protocol: SASL_SSL}
                  secretProperties:
                    sasl.jaas.config: {file: '%s'}
                  leaderElection: {lockKey: 1398227524}
                """.formatted(jaas));
        KafkaConfig k = c.kafka().orElseThrow();
        assertThat(k.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(k.eventsTopic()).isEqualTo("switchboard.events");
        assertThat(k.statusTopic()).isEqualTo("switchboard.status");
        assertThat(k.cdrTopic()).isEqualTo("billing.cdr");
        assertThat(k.bufferRecords()).isEqualTo(500);
        assertThat(k.bufferBytes()).isEqualTo(5_000_000_000L);
        assertThat(k.overflow()).isEqualTo(io.switchboard.kafka.BufferOverflow.DROP_NEWEST);
        assertThat(k.producerProperties()).containsEntry("compression.type", "lz4").hasSize(2);
        assertThat(k.secretProperties().get("sasl.jaas.config").resolve("jaas")).contains("pw-secret");
        assertThat(k.leaderElection().orElseThrow().lockKey()).isEqualTo(1398227524L);
        assertThat(c.leaderElectionJdbcUrl()).contains("jdbc:postgresql://db:5432/sb");
        assertThat(k.toString()).doesNotContain("pw-secret").contains("sasl.jaas.config");
        assertThat(c.toBuilder().build().kafka()).contains(k);

        KafkaConfig d = load("servers: [{name: a, host: h, username: u, secretEnv: E}]\n"
                + "kafka: {bootstrapServers: 'k:9092'}\n").kafka().orElseThrow();
        assertThat(d.eventsTopic()).isEqualTo("switchboard.events");
        assertThat(d.cdrTopic()).isEqualTo("switchboard.cdr");
        assertThat(d.overflow()).isEqualTo(io.switchboard.kafka.BufferOverflow.DROP_OLDEST);
        assertThat(d.leaderElection()).isEmpty();
        assertThat(d.clientId()).isEmpty();
    }

    @Test
    void leaderElectionNeedsPostgresAndBadKafkaEntriesNameTheirKey() throws IOException {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        assertThatThrownBy(() -> load(server + "recorder: {url: 'jdbc:sqlite:cdr.db'}\n"
                + "kafka: {bootstrapServers: 'k:9092', leaderElection: {lockKey: 7}}\n"))
                .hasMessageContaining("only with PostgreSQL").hasMessageContaining("recorder.url")
                .hasMessageContaining("jdbc:sqlite:");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092', leaderElection: {lockKey: 7}}\n"))
                .hasMessageContaining("kafka.leaderElection.jdbcUrl");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092',"
                + " leaderElection: {jdbcUrl: 'jdbc:sqlite:x.db', lockKey: 7}}\n"))
                .hasMessageContaining("kafka.leaderElection.jdbcUrl");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092', leaderElection: {}}\n"))
                .hasMessageContaining("kafka.leaderElection.lockKey");
        assertThatThrownBy(() -> load(server + "kafka: {topics: {events: e}}\n"))
                .hasMessageContaining("kafka.bootstrapServers");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092', topics: {event: e}}\n"))
                .hasMessageContaining("kafka.topics.event");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092', buffer: {overflow: block}}\n"))
                .hasMessageContaining("kafka.buffer.overflow").hasMessageContaining("block");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092', buffer: {records: 0}}\n"))
                .hasMessageContaining("kafka.buffer");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092',"
                + " producer: {sasl.jaas.config: 'x password=\"hunter2\"'}}\n"))
                .hasMessageContaining("kafka.producer.sasl.jaas.config").hasMessageContaining("secretProperties")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092',"
                + " secretProperties: {ssl.key.password: {env: A, file: b}}}\n"))
                .hasMessageContaining("kafka.secretProperties.ssl.key.password");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092',"
                + " leaderElection: {jdbcUrl: 'jdbc:postgresql://db/sb?password=hunter2', lockKey: 7}}\n"))
                .hasMessageContaining("kafka.leaderElection.jdbcUrl").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load(server + "kafka: {bootstrapServers: 'k:9092',"
                + " leaderElection: {user: u, lockKey: 7}}\n")).hasMessageContaining("kafka.leaderElection");
        KafkaConfig.LeaderElectionConfig own = load(server + "kafka: {bootstrapServers: 'k:9092',"
                + " leaderElection: {jdbcUrl: 'jdbc:postgresql://db/sb', user: u, passwordEnv: PW, lockKey: 7}}\n")
                .kafka().orElseThrow().leaderElection().orElseThrow();
        assertThat(own.user()).isEqualTo("u");
        assertThat(own.password().env()).isEqualTo("PW");
        KafkaConfig.SecretRef missing = new KafkaConfig.SecretRef("SWITCHBOARD_NO_SUCH_VARIABLE", null);
        assertThatThrownBy(() -> missing.resolve("sasl.jaas.config")).hasMessageContaining("SWITCHBOARD_NO_SUCH_VARIABLE");
    }

    @Test
    void tlsRecorderMetricsAndRates() throws IOException {
        GatewayConfig c = load("""
                servers:
                  - {name: a, host: h, username: u, secretEnv: E, tls: true, hostnameVerification: false,
                     trustStore: /etc/ts.p12, trustStorePasswordEnv: TS_PASS}
                  - {name: b, host: h, username: u, secretEnv: E, tls: true}
                  - {name: c, host: h, username: u, secretEnv: E}
                recorder: {url: "jdbc:sqlite:switchboard-cdr.db", spoolDir: spool}
                metrics: {public: true}
                originateRate: {perMinute: 5}
                tokens:
                  - {name: t, sha256: '%s', role: operator, originateRate: {perMinute: 1, burst: 1}}
                """.formatted(ApiToken.sha256Hex("t")));
        ServerConfig a = c.servers().get(0);
        assertThat(a.tls()).isTrue();
        assertThat(a.hostnameVerification()).isFalse();
        assertThat(a.trustStore()).isEqualTo(Path.of("/etc/ts.p12"));
        assertThat(a.trustStorePasswordEnv()).isEqualTo("TS_PASS");
        assertThat(a.port()).isEqualTo(5039);
        ServerConfig b = c.servers().get(1);
        assertThat(b.hostnameVerification()).isTrue();
        assertThat(b.sslContext()).isNotNull();
        assertThat(c.servers().get(2).port()).isEqualTo(5038);
        assertThat(c.servers().get(2).sslContext()).isNull();
        assertThat(c.recorderUrl()).contains("jdbc:sqlite:switchboard-cdr.db");
        assertThat(c.recorderSpoolDir()).contains(Path.of("spool"));
        assertThat(c.metricsPublic()).isTrue();
        assertThat(c.originateRate()).isEqualTo(new RateLimit(5, RateLimit.DEFAULT.burst()));
        assertThat(c.tokens().get(0).originateRate()).isEqualTo(new RateLimit(1, 1));
        assertThat(c.toBuilder().build().recorderUrl()).isEqualTo(c.recorderUrl());
        assertThat(c.toString()).doesNotContain("jdbc");
    }

    @Test
    void recorderCredentialsComeFromOutsideTheFile() throws IOException {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        GatewayConfig c = load(server + "recorder: {url: 'jdbc:postgresql://db:5432/billing', spoolDir: /var/spool,"
                + " user: bill, passwordFile: /run/secrets/db}\n");
        RecorderConfig r = c.recorder().orElseThrow();
        assertThat(r.user()).isEqualTo("bill");
        assertThat(r.passwordFile()).isEqualTo(Path.of("/run/secrets/db"));
        assertThat(r.effectiveSpoolDir()).isEqualTo(Path.of("/var/spool"));
        assertThat(load(server + "recorder: {url: 'jdbc:sqlite:/data/cdr.db'}\n").recorder().orElseThrow()
                .effectiveSpoolDir()).isEqualTo(Path.of("/data/cdr.db.spool"));
        assertThatThrownBy(() -> load(server + "recorder: {url: 'jdbc:sqlite:x.db', password: p}\n"))
                .hasMessageContaining("recorder.password: inline secrets are not allowed");
        assertThatThrownBy(() -> load(server + "recorder: {url: 'jdbc:postgresql://db/b?user=u&password=p'}\n"))
                .hasMessageContaining("recorder.url: must not carry a password").hasMessageNotContaining("=p");
        assertThatThrownBy(() -> load(server + "recorder: {url: 'jdbc:postgresql://db/b'}\n"))
                .hasMessageContaining("recorder.spoolDir");
        assertThatThrownBy(() -> load(server + "recorder: {url: 'jdbc:sqlite:x.db', passwordEnv: A,"
                + " passwordFile: b}\n")).hasMessageContaining("passwordEnv");
        assertThat(new RecorderConfig("jdbc:postgresql://db/b?ssl=true", Path.of("s"), "u", "ENV", null).toString())
                .doesNotContain("ssl=true").contains("?...");
    }

    @Test
    void badNewSectionsNameTheirKey() {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        assertThatThrownBy(() -> load(server + "originateRate: {perMinute: 0}\n"))
                .hasMessageContaining("originateRate").hasMessageContaining("perMinute");
        assertThatThrownBy(() -> load(server + "originateRate: {burst: 3}\n")).hasMessageContaining("perMinute");
        assertThatThrownBy(() -> load(server + "originateRate: {perMinute: 1, rate: 3}\n"))
                .hasMessageContaining("originateRate.rate");
        assertThatThrownBy(() -> load(server + "metrics: {public: yes please}\n")).hasMessageContaining("metrics.public");
        assertThatThrownBy(() -> load(server + "recorder: {url: 'sqlite:x'}\n")).hasMessageContaining("recorder.url");
        assertThatThrownBy(() -> load(server + "recorder: {spoolDir: x}\n")).hasMessageContaining("recorder.url");
        assertThatThrownBy(() -> load("servers:\n  - {name: a, host: h, username: u, secretEnv: E, tls: 1}\n"))
                .hasMessageContaining("servers[0].tls");
        assertThatThrownBy(() -> load("servers:\n  - {name: a, host: h, username: u, secretEnv: E, trustStore: x}\n"))
                .hasMessageContaining("tls");
        assertThatThrownBy(() -> load(server + "tokens:\n  - {name: t, sha256: '" + ApiToken.sha256Hex("x")
                + "', role: admin, originateRate: {perMinute: -1}}\n")).hasMessageContaining("tokens[0].originateRate");
    }

    @Test
    void aMissingTrustStoreIsNamed(@TempDir Path tmp) {
        ServerConfig s = new ServerConfig("a", "h", 5039, "u", "E", null, true, tmp.resolve("none.p12"), null, true);
        assertThatThrownBy(s::sslContext).hasMessageContaining("none.p12");
        ServerConfig env = new ServerConfig("a", "h", 5039, "u", "E", null, true, tmp.resolve("none.p12"),
                "SWITCHBOARD_NO_SUCH_VARIABLE", true);
        assertThatThrownBy(env::sslContext).hasMessageContaining("SWITCHBOARD_NO_SUCH_VARIABLE");
    }

    @Test
    void defaultsAndSecretFromFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("s"), "amp111\n");
        GatewayConfig c = load("servers:\n  - {name: a, host: h, username: u, secretFile: '" + secret + "'}\n");
        assertThat(c.bindAddress()).isEqualTo(GatewayConfig.DEFAULT_BIND_ADDRESS);
        assertThat(c.maxBodyBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(c.servers().get(0).resolveSecret()).isEqualTo("amp111");
        assertThat(c.toString()).doesNotContain("amp111");
    }

    @Test
    void inlineSecretsAreRefused() {
        assertThatThrownBy(() -> load("servers:\n  - {name: a, host: h, username: u, secret: x}\n"))
                .hasMessageContaining("servers[0].secret").hasMessageNotContaining(": x");
    }

    @Test
    void badEntriesNameTheirKey() {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        assertThatThrownBy(() -> load(server + "colour: red\n")).hasMessageContaining("colour");
        assertThatThrownBy(() -> load(server + "port: x\n")).hasMessageContaining("port");
        assertThatThrownBy(() -> load(server + "tokens:\n  - {name: t, sha256: abc, role: admin}\n"))
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> load(server + "tokens:\n  - {name: t, sha256: '" + ApiToken.sha256Hex("x")
                + "', role: root}\n")).hasMessageContaining("root");
        assertThatThrownBy(() -> load("servers:\n  - {name: a, host: h, username: u}\n"))
                .hasMessageContaining("secretEnv");
        assertThatThrownBy(() -> load("port: 1\n")).hasMessageContaining("server");
    }

    @Test
    void authFailureRateTakesEachKeyOrItsDefaultAndNamesBadOnes() throws IOException {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        assertThat(load(server).authFailureRate()).isEqualTo(AuthFailureLimit.DEFAULT);
        GatewayConfig c = load(server + "authFailureRate: {perMinute: 2, burst: 5, trackedAddresses: 50}\n");
        assertThat(c.authFailureRate()).isEqualTo(new AuthFailureLimit(2, 5, 50));
        assertThat(c.toBuilder().build().authFailureRate()).isEqualTo(c.authFailureRate());
        assertThat(load(server + "authFailureRate: {burst: 7}\n").authFailureRate())
                .isEqualTo(new AuthFailureLimit(AuthFailureLimit.DEFAULT.perMinute(), 7,
                        AuthFailureLimit.DEFAULT.trackedAddresses()));
        assertThatThrownBy(() -> load(server + "authFailureRate: {burst: 0}\n"))
                .hasMessageContaining("authFailureRate.burst");
        assertThatThrownBy(() -> load(server + "authFailureRate: {perMinute: many}\n"))
                .hasMessageContaining("authFailureRate.perMinute");
        assertThatThrownBy(() -> load(server + "authFailureRate: {trackedAddresses: 0}\n"))
                .hasMessageContaining("authFailureRate.trackedAddresses");
        assertThatThrownBy(() -> load(server + "authFailureRate: {window: 3}\n"))
                .hasMessageContaining("authFailureRate.window: unknown key");
    }

    @Test
    void aTokenMayHaveAnExpiry() throws IOException {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        GatewayConfig c = load(server + "tokens:\n"
                + "  - {name: z, sha256: '" + ApiToken.sha256Hex("z") + "', role: viewer, expires: 2027-01-31T00:00:00Z}\n"
                + "  - {name: o, sha256: '" + ApiToken.sha256Hex("o") + "', role: viewer,"
                + " expires: '2027-01-31T01:00:00+01:00'}\n"
                + "  - {name: n, sha256: '" + ApiToken.sha256Hex("n") + "', role: viewer}\n");
        assertThat(c.tokens()).extracting(ApiToken::expires).containsExactly(
                java.time.Instant.parse("2027-01-31T00:00:00Z"), java.time.Instant.parse("2027-01-31T00:00:00Z"), null);
        assertThatThrownBy(() -> load(server + "tokens:\n  - {name: z, sha256: '" + ApiToken.sha256Hex("z")
                + "', role: viewer, expires: 2027-01-31}\n"))
                .hasMessageContaining("tokens[0].expires").hasMessageContaining("2027-01-31T00:00:00Z");
        assertThatThrownBy(() -> load(server + "tokens:\n  - {name: z, sha256: '" + ApiToken.sha256Hex("z")
                + "', role: viewer, expires: soon}\n")).hasMessageContaining("tokens[0].expires");
    }

    @Test
    void maxEventClientsIsBoundedAndNamed() throws IOException {
        String server = "servers:\n  - {name: a, host: h, username: u, secretEnv: E}\n";
        assertThat(load(server).maxEventClients()).isEqualTo(GatewayConfig.DEFAULT_MAX_EVENT_CLIENTS);
        GatewayConfig c = load(server + "maxEventClients: 3\n");
        assertThat(c.maxEventClients()).isEqualTo(3);
        assertThat(c.toBuilder().build().maxEventClients()).isEqualTo(3);
        assertThatThrownBy(() -> load(server + "maxEventClients: 0\n")).hasMessageContaining("maxEventClients");
        assertThatThrownBy(() -> load(server + "maxEventClients: 100001\n")).hasMessageContaining("maxEventClients");
        assertThatThrownBy(() -> load(server + "maxEventClients: lots\n"))
                .hasMessageContaining("maxEventClients: an integer is required");
    }

    @Test
    void tokensMatchByHash() {
        ApiToken t = new ApiToken("t", ApiToken.sha256Hex("s3cret").toUpperCase(), Role.OPERATOR);
        assertThat(t.matches("s3cret")).isTrue();
        assertThat(t.matches("other")).isFalse();
        assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }

    private GatewayConfig load(String yaml) throws IOException {
        return GatewayConfig.load(Files.writeString(dir.resolve("switchboard.yml"), yaml));
    }
}
