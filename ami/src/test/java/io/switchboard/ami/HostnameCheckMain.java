package io.switchboard.ami;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link HttpHostnameVerificationTest}: connects over HTTPS to a server whose
 * certificate names another host, and prints {@code REFUSED} or {@code ACCEPTED}. A separate JVM because the JDK
 * reads its disableHostnameVerification property once per JVM.
 */
public final class HostnameCheckMain {
    private HostnameCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hostname-check");
        TestCertificates certs = TestCertificates.create(dir, "other.example", "10.9.9.9");
        try (HttpScriptedServer server = new HttpScriptedServer(certs.serverContext())
                .standard(r -> HttpScriptedServer.Reply.ok(null, HttpScriptedServer.success(r, "ok")))) {
            try (AmiClient client = AmiClient.connect(server.config().host("127.0.0.1").tls(certs.clientContext())
                    .build())) {
                System.out.println(client.state() == ConnectionState.READY ? "ACCEPTED" : "STATE " + client.state());
            } catch (ConnectionLostException e) {
                System.out.println("REFUSED");
            }
        }
    }
}
