package io.switchboard.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * JUnit 5 extension that runs a {@link FakeAsterisk} around tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeAsteriskExtension fake = new FakeAsteriskExtension(b -> b.account("ro", "pw", "call", ""));
 *
 * @Test void hangsUp() { connect to fake.port() ... }
 * }</pre>
 *
 * <p>In a {@code static} field the server starts once before all tests of the class and stops after them
 * ({@code @Nested} classes share it); before each test its faults are cleared, it listens again if a test stopped it, and unread actions are
 * dropped. In an instance field each test gets a fresh server. Test methods may also take a
 * {@link FakeAsterisk} parameter. The builder starts with {@code loginDelay(Duration.ZERO)}, so failed logins
 * do not slow tests down; the customiser may change that.
 *
 * <p>Needs {@code junit-jupiter-api} on the class path or module path (an optional dependency of this module).
 */
public final class FakeAsteriskExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final Consumer<FakeAsterisk.Builder> customizer;
    private FakeAsterisk server;
    private boolean perClass;
    /**
     * The class whose before-all started the server. JUnit runs a static extension's before-all and after-all
     * again for every {@code @Nested} class; those must neither start a second server (leaking the first) nor
     * stop the one the outer class's remaining tests still use.
     */
    private Class<?> owner;

    /** A server with the default account (admin / amp111). */
    public FakeAsteriskExtension() {
        this(b -> { });
    }

    /** A server configured by {@code customizer} (accounts, call engine, scripted outputs, replay...). */
    public FakeAsteriskExtension(Consumer<FakeAsterisk.Builder> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server != null) {
            return;  // a @Nested class: it shares the outer class's server
        }
        perClass = true;
        owner = context.getRequiredTestClass();
        server = start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() == owner) {
            owner = null;
            stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            server = start();
        } else if (perClass) {
            server.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private FakeAsterisk start() {
        FakeAsterisk.Builder builder = FakeAsterisk.builder().loginDelay(Duration.ZERO);
        customizer.accept(builder);
        return builder.start();
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; throws {@link IllegalStateException} outside a test. */
    public FakeAsterisk server() {
        if (server == null) {
            throw new IllegalStateException("FakeAsterisk runs only while tests run");
        }
        return server;
    }

    /** The running server's port. */
    public int port() {
        return server().port();
    }

    /** The running server's host, {@code 127.0.0.1}. */
    public String host() {
        return server().host();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeAsterisk.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
