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
