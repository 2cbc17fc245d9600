package io.switchboard.testkit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FakeAsteriskExtensionTest {
    @RegisterExtension
    static FakeAsteriskExtension shared = new FakeAsteriskExtension(b -> b
            .account("ro", "pw", "call", "")
            .commandOutput("x", List.of("y")));

    private static int firstPort;

    @Test
    void resolvesTheServerAsParameterAndUsesTheCustomiser(FakeAsterisk fake) {
        assertThat(fake).isSameAs(shared.server());
        assertThat(shared.host()).isEqualTo("127.0.0.1");
        try (AmiTestClient c = AmiTestClient.login(fake, "ro", "pw")) {
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).isEqualTo("Pong");
        }
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            assertThat(c.request("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\n\r\n").get("Message"))
                    .as("customised accounts replace the default, and failures are not delayed")
                    .isEqualTo("Authentication failed");
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class StaticServerIsResetBetweenTests {
        @Test
        @Order(1)
        void breakIt() {
            firstPort = shared.port();
            shared.server().faults().refuseLogins(true);
            shared.server().stop();
        }

        @Test
        @Order(2)
        void itIsBackOnTheSamePortWithoutFaults() {
            assertThat(shared.port()).isEqualTo(firstPort);
            assertThat(shared.server().isRunning()).isTrue();
            try (AmiTestClient c = AmiTestClient.login(shared.server(), "ro", "pw")) {
                assertThat(shared.server().awaitLoggedIn(1, AmiTestClient.TIMEOUT)).isTrue();
            }
        }
    }
}
