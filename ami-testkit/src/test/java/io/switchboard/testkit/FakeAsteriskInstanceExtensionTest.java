package io.switchboard.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FakeAsteriskInstanceExtensionTest {
    private static final Set<FakeAsterisk> SEEN = new HashSet<>();

    @RegisterExtension
    FakeAsteriskExtension fake = new FakeAsteriskExtension();

    @Test
    void eachTestGetsItsOwnServer() {
        check();
    }

    @Test
    void eachTestGetsItsOwnServerToo() {
        check();
    }

    private void check() {
        assertThat(SEEN.add(fake.server())).isTrue();
        try (AmiTestClient c = AmiTestClient.login(fake.server(), "admin", "amp111")) {
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
    }
}
