package io.switchboard.live;

import io.switchboard.ami.AmiClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleReader;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Pins what the module exports and requires, and shows from a real consumer module (this one, on the module
 * path) that {@code io.switchboard.ami}'s implementation cannot be reached while its API can.
 */
class ModuleDescriptorTest {
    private static final Module LIVE = AsteriskServer.class.getModule();
    private static final Module AMI = AmiClient.class.getModule();

    @Test
    void testsRunInsideTheNamedModules() {
        assertThat(LIVE.isNamed()).isTrue();
        assertThat(LIVE.getName()).isEqualTo("io.switchboard.live");
        assertThat(AMI.getName()).isEqualTo("io.switchboard.ami");
        assertThat(LIVE.canRead(AMI)).isTrue();
    }

    @Test
    void exportsTheModelOnlyAndOpensNothing() {
        ModuleDescriptor d = LIVE.getDescriptor();

        assertThat(d.exports()).extracting(Exports::source).containsExactly("io.switchboard.live");
        assertThat(d.exports()).noneMatch(Exports::isQualified);
        assertThat(d.isOpen()).isFalse();
        assertThat(d.opens()).isEmpty();

        Set<String> hidden = new TreeSet<>(d.packages());
        hidden.remove("io.switchboard.live");
        assertThat(hidden).containsExactly("io.switchboard.live.internal");
    }

    @Test
    void requiresAmiTransitivelyBecauseItIsInTheSignatures() {
        Map<String, Set<Requires.Modifier>> requires = LIVE.getDescriptor().requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertThat(requires).containsOnly(
                entry("java.base", Set.of(Requires.Modifier.MANDATED)),
                entry("io.switchboard.ami", Set.of(Requires.Modifier.TRANSITIVE)),
                entry("org.slf4j", Set.of()));
    }

    @Test
    void amiInternalsAreOutOfReachFromThisModuleAndItsApiIsNot() throws Exception {
        List<Class<?>> internals = publicClassesOf(AMI, "io.switchboard.ami.internal");
        assertThat(internals).as("public classes in ami's internal package").isNotEmpty();

        assertThat(AMI.isExported("io.switchboard.ami.internal", LIVE)).isFalse();
        for (Class<?> c : internals) {
            assertThatThrownBy(() -> MethodHandles.lookup().accessClass(c))
                    .as(c.getName()).isInstanceOf(IllegalAccessException.class);
        }
        assertThat(MethodHandles.lookup().accessClass(AmiClient.class)).isSameAs(AmiClient.class);
    }

    /** Lists the module's own class files, so a class added to the package later is checked too. */
    private static List<Class<?>> publicClassesOf(Module module, String pkg) throws IOException {
        String dir = pkg.replace('.', '/') + "/";
        ModuleReader reader = module.getLayer().configuration().findModule(module.getName()).orElseThrow()
                .reference().open();
        try (reader) {
            return reader.list()
                    .filter(n -> n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length()) < 0)
                    .map(n -> load(module, n.substring(0, n.length() - ".class".length()).replace('/', '.')))
                    .filter(c -> Modifier.isPublic(c.getModifiers()))
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> load(Module module, String name) {
        try {
            // Loading is not access: any class is loadable by name; the module system decides who may use it.
            return Class.forName(name, false, module.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
