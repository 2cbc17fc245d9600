package io.switchboard.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.switchboard.ami.ScriptedServer.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates localhost;
    private static TestCertificates otherHost;
    private static TestCertificates otherLocalhost;
    private ScriptedServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        localhost = TestCertificates.create(dir, "localhost", "127.0.0.1");
        otherHost = TestCertificates.create(dir, "pbx.example.org", "192.0.2.1");
        Path other = dir.resolve("other");
        java.nio.file.Files.createDirectories(other);
        otherLocalhost = TestCertificates.create(other, "localhost", "127.0.0.1");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private ScriptedServer tlsServer(TestCertificates certs) throws Exception {
        return new ScriptedServer(ScriptedServer.standard((a, s) ->
                s.send(withId(a.actionId(), "Response", "Success", "Message", "over tls"))), certs.serverContext());
    }

    @Test
    void logsInOverTlsWithHostnameVerification() throws Exception {
        TestCertificates certs = localhost;
        server = tlsServer(certs);
        AmiConfig config = server.config().host("localhost").tls(certs.clientContext()).build();
        assertThat(config.hostnameVerification()).isTrue();
        try (AmiClient client = AmiClient.connect(config)) {
            assertThat(client.banner()).isEqualTo("Asterisk Call Manager/11.0.0");
            assertThat(client.send(Action.named("Anything")).message()).isEqualTo("over tls");
        }
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        TestCertificates certs = otherHost;
        server = tlsServer(certs);
        AmiConfig config = server.config().host("127.0.0.1").tls(certs.clientContext()).build();
        assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("TLS handshake");
    }

    @Test
    void hostnameVerificationCanBeTurnedOff() throws Exception {
        TestCertificates certs = otherHost;
        server = tlsServer(certs);
        AmiConfig config = server.config().host("127.0.0.1").tls(certs.clientContext())
                .hostnameVerification(false).build();
        try (AmiClient client = AmiClient.connect(config)) {
            assertThat(client.send(Action.named("Anything")).isSuccess()).isTrue();
        }
    }

    @Test
    void untrustedCertificateIsRefused() throws Exception {
        TestCertificates served = localhost;
        TestCertificates trusted = otherLocalhost;
        server = tlsServer(served);
        AmiConfig config = server.config().host("localhost").tls(trusted.clientContext()).build();
        assertThatThrownBy(() -> AmiClient.connect(config)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("TLS handshake");
    }
}
