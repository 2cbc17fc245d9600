package io.switchboard.testkit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeAsteriskMainTest {
    @Test
    void startsOnAnEphemeralPortAndSaysWhere() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FakeAsterisk fake = FakeAsteriskMain.start(new PrintStream(out, true, StandardCharsets.UTF_8),
                "--port", "0")) {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("FakeAsterisk listening on 127.0.0.1:"
                    + fake.port() + " (user admin / secret amp111)" + System.lineSeparator());
            try (AmiTestClient c = AmiTestClient.login(fake, "admin", "amp111")) {
                assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FakeAsteriskMain.start(out, "--port", "x")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> FakeAsteriskMain.start(out, "--port", "70000")).hasMessageContaining("range");
        assertThatThrownBy(() -> FakeAsteriskMain.start(out, "--verbose")).hasMessageContaining("unknown");
    }
}
