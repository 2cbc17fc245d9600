package io.switchboard.testkit;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLogger;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Pins the testkit's descriptor, read from the built classes (this module's tests run on the class path; the
 * pom says why), and boots FakeAsterisk from a module layer that has JUnit available but does not need it: a
 * program embedding FakeAsterisk on the module path must start without JUnit.
 */
class ModuleDescriptorTest {
    private static final String NAME = "io.switchboard.testkit";

    @Test
    void exportsTheServerThePbxAndPostgresButNotTheInternals() throws Exception {
        ModuleDescriptor d = descriptor();

        assertThat(d.exports()).extracting(Exports::source).containsExactlyInAnyOrder(
                "io.switchboard.testkit", "io.switchboard.testkit.pbx", "io.switchboard.testkit.postgres");
        assertThat(d.exports()).noneMatch(Exports::isQualified);
        assertThat(d.isOpen()).isFalse();
        assertThat(d.opens()).isEmpty();

        Set<String> hidden = new TreeSet<>(d.packages());
        d.exports().forEach(e -> hidden.remove(e.source()));
        assertThat(hidden).containsExactly("io.switchboard.testkit.internal");
    }

    @Test
    void requiresJunitOnlyStaticallyAndPassesAmiOn() throws Exception {
        Map<String, Set<Requires.Modifier>> requires = descriptor().requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertThat(requires).containsOnly(
                entry("java.base", Set.of(Requires.Modifier.MANDATED)),
                entry("io.switchboard.ami", Set.of(Requires.Modifier.TRANSITIVE)),
                entry("org.slf4j", Set.of()),
                entry("jdk.httpserver", Set.of()),
                entry("org.junit.jupiter.api", Set.of(Requires.Modifier.STATIC, Requires.Modifier.TRANSITIVE)));
    }

    @Test
    void fakeAsteriskStartsFromAModuleLayerWithoutJunit() throws Exception {
        // JUnit's API jar is offered to the resolver on purpose: a static requirement must still leave it out.
        // Resolved with service binding, as `java --module-path` does, which brings in the SLF4J provider.
        ModuleFinder finder = ModuleFinder.of(location(FakeAsterisk.class), location(Packet.class),
                location(Logger.class), location(SimpleLogger.class), location(Test.class));
        Configuration config = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of(NAME));
        assertThat(config.modules()).extracting(m -> m.name())
                .containsExactlyInAnyOrder(NAME, "io.switchboard.ami", "org.slf4j", "org.slf4j.simple");

        // The platform loader as parent: nothing from this test's class path can stand in for a missing module.
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
        Class<?> fake = layer.findLoader(NAME).loadClass(FakeAsterisk.class.getName());
        assertThat(fake).isNotSameAs(FakeAsterisk.class);
        assertThat(fake.getModule().getName()).isEqualTo(NAME);

        Object builder = fake.getMethod("builder").invoke(null);
        try (AutoCloseable server = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder)) {
            int port = (int) fake.getMethod("port").invoke(server);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                 BufferedReader in = new BufferedReader(
                         new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
                assertThat(in.readLine()).startsWith("Asterisk Call Manager/");
            }
        }
    }

    private static ModuleDescriptor descriptor() throws URISyntaxException {
        return ModuleFinder.of(location(FakeAsterisk.class)).find(NAME).orElseThrow().descriptor();
    }

    /** The jar or class directory a class was loaded from: target/classes for this module's own classes. */
    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
