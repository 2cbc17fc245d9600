package io.switchboard.ami;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The module descriptor is what makes "internal is not API" a compiler rule: these tests pin what it exports
 * and requires, so a new package or dependency is a deliberate change here and not an accident.
 */
class ModuleDescriptorTest {
    private static final Module MODULE = AmiClient.class.getModule();

    @Test
    void testsRunInsideTheNamedModule() {
        // Surefire patches the tests into the module when it has a descriptor; if this fails, the checks below
        // would be reading no descriptor at all.
        assertThat(MODULE.isNamed()).isTrue();
        assertThat(MODULE.getName()).isEqualTo("io.switchboard.ami");
    }

    @Test
    void exportsTheApiAndTheCodecToEveryoneAndOpensNothing() {
        ModuleDescriptor d = MODULE.getDescriptor();

        assertThat(d.exports()).extracting(Exports::source)
                .containsExactlyInAnyOrder("io.switchboard.ami", "io.switchboard.ami.codec");
        assertThat(d.exports()).noneMatch(Exports::isQualified);
        assertThat(d.isOpen()).isFalse();
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void everyPackageLeftUnexportedIsAnInternalOne() {
        ModuleDescriptor d = MODULE.getDescriptor();
        Set<String> exported = d.exports().stream().map(Exports::source).collect(Collectors.toSet());

        Set<String> hidden = new TreeSet<>(d.packages());
        hidden.removeAll(exported);

        assertThat(hidden).containsExactly("io.switchboard.ami.internal");
        assertThat(MODULE.isExported("io.switchboard.ami.internal")).isFalse();
    }

    @Test
    void requiresTheJdkAndSlf4jOnlyAndPassesNothingOn() {
        Map<String, Set<Requires.Modifier>> requires = MODULE.getDescriptor().requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        // java.net.http is the HTTP transport's client; SLF4J appears in no public signature, so a user of
        // this module does not get it to read.
        assertThat(requires).containsOnly(
                entry("java.base", Set.of(Requires.Modifier.MANDATED)),
                entry("java.net.http", Set.of()),
                entry("org.slf4j", Set.of()));
    }
}
