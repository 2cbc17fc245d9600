package io.switchboard.gateway;

import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A server configured with tls: true connects over TLS, trusting only the configured trust store. */
class TlsServerTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static FakeAsterisk fake;
    static Path trustStore;
    static Path secret;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path keys = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ami", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        // A JKS trust store holding just the certificate: its entries load without the store password, so
        // the test needs no environment variable.
        KeyStore trust = KeyStore.getInstance("JKS");
        trust.load(null, null);
        trust.setCertificateEntry("ami", ks.getCertificate("ami"));
        trustStore = dir.resolve("trust.jks");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD);
        }
        secret = Files.writeString(dir.resolve("secret"), FakeAsterisk.DEFAULT_SECRET);
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).tls(server).start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void connectsTrustingTheConfiguredStore() throws Exception {
        try (Gateway gw = new Gateway(config(trustStore)).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> state(gw).equals("READY"));
        }
    }

    @Test
    void anUntrustedCertificateIsNeverAccepted() throws Exception {
        // The JDK's default authorities do not know the self-signed certificate.
        try (Gateway gw = new Gateway(config(null)).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> state(gw).equals("RECONNECTING"));
            assertThat(state(gw)).isNotEqualTo("READY");
        }
    }

    private GatewayConfig config(Path trust) {
        return GatewayConfig.builder().port(0)
                .server(new ServerConfig("pbx1", "127.0.0.1", fake.port(), FakeAsterisk.DEFAULT_USERNAME, null, secret,
                        true, trust, null, true))
                .token(new ApiToken("v", ApiToken.sha256Hex("v"), Role.VIEWER)).build();
    }

    private String state(Gateway gw) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
                + "/api/v1/servers")).header("Authorization", "Bearer v").build(), HttpResponse.BodyHandlers.ofString());
        return GatewayFixture.JSON.readTree(r.body()).get(0).get("state").asText();
    }
}
