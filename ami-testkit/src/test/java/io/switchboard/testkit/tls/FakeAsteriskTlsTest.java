package io.switchboard.testkit.tls;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionLostException;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** AMI over TLS against FakeAsterisk serving a certificate this test makes with the JDK's keytool. */
class FakeAsteriskTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static KeyStore keys;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path file = dir.resolve("ami.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ami", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
    }

    private static SSLContext server() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ami", keys.getCertificate("ami"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void clientTalksToFakeAsteriskOverTlsAndReconnects() throws Exception {
        List<ConnectionEvent> lifecycle = new CopyOnWriteArrayList<>();
        try (FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).tls(server()).start();
             AmiClient client = AmiClient.connect(AmiConfig.builder().host("localhost").port(fake.port())
                     .username("admin").secret("amp111").tls(trusting()).connectionListener(lifecycle::add).build())) {
            assertThat(client.banner()).isEqualTo("Asterisk Call Manager/11.0.0");
            assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
            assertThat(client.sendList(Action.named("CoreShowChannels")).items()).isEmpty();
            fake.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> lifecycle.stream()
                    .anyMatch(e -> e.type() == ConnectionEvent.Type.RESTORED));
            assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
        }
    }

    @Test
    void plainClientCannotTalkToATlsServer() throws Exception {
        try (FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).tls(server()).start()) {
            AmiConfig plain = AmiConfig.builder().port(fake.port()).username("admin").secret("amp111")
                    .connectTimeout(Duration.ofSeconds(2)).reconnect(false).build();
            assertThatThrownBy(() -> AmiClient.connect(plain)).isInstanceOf(
                    io.switchboard.ami.AmiException.class);
        }
    }

    @Test
    void untrustedServerIsRefusedBeforeAnyAmiByte() throws Exception {
        SSLContext trustNothing = SSLContext.getInstance("TLS");
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(empty);
        trustNothing.init(null, tmf.getTrustManagers(), null);
        try (FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).tls(server()).start()) {
            AmiConfig config = AmiConfig.builder().host("localhost").port(fake.port()).username("admin")
                    .secret("amp111").tls(trustNothing).build();
            assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("TLS handshake");
        }
    }
}
