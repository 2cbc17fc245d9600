package io.switchboard.testkit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A static {@link FakeAsteriskExtension} in a class with {@code @Nested} classes: JUnit calls the extension's
 * before-all/after-all callbacks again for each nested class, and the nested tests must get the outer class's
 * server (one server per outermost class), not a second one that replaces and leaks it.
 */
@TestClassOrder(org.junit.jupiter.api.ClassOrderer.OrderAnnotation.class)
class FakeAsteriskNestedExtensionTest {
    @RegisterExtension
    static FakeAsteriskExtension fake = new FakeAsteriskExtension();

    private static final AtomicReference<FakeAsterisk> OUTER = new AtomicReference<>();

    @Test
    void outer(FakeAsterisk server) {
        OUTER.compareAndSet(null, server);
        assertThat(server).isSameAs(OUTER.get());
    }

    @Nested
    @Order(1)
    class Inner {
        @Test
        void innerSeesTheSameServer(FakeAsterisk server) {
            OUTER.compareAndSet(null, server);
            assertThat(server).isSameAs(OUTER.get()).isSameAs(fake.server());
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Nested
    @Order(2)
    class AfterInner {
        @Test
        void theServerStillRunsAfterAnotherNestedClassEnded(FakeAsterisk server) {
            OUTER.compareAndSet(null, server);
            assertThat(server).isSameAs(OUTER.get());
            assertThat(server.isRunning()).isTrue();
            try (AmiTestClient c = AmiTestClient.login(server, "admin", "amp111")) {
                assertThat(server.awaitLoggedIn(1, Duration.ofSeconds(10))).isTrue();
            }
        }
    }
}
