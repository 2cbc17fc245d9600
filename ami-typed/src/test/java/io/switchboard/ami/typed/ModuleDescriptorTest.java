package io.switchboard.ami.typed;

import io.switchboard.ami.Event;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Pins the typed layer's descriptor: all three packages are API (there is no internal one), and its only
 * dependency is {@code io.switchboard.ami}, passed on to users because the views wrap its types. The build-time
 * generator must not show up here.
 */
class ModuleDescriptorTest {
    private static final Module MODULE = TypedEvents.class.getModule();

    @Test
    void testsRunInsideTheNamedModule() {
        assertThat(MODULE.isNamed()).isTrue();
        assertThat(MODULE.getName()).isEqualTo("io.switchboard.ami.typed");
        assertThat(MODULE.canRead(Event.class.getModule())).isTrue();
    }

    @Test
    void exportsEveryPackageToEveryoneAndOpensNothing() {
        ModuleDescriptor d = MODULE.getDescriptor();

        assertThat(d.exports()).extracting(Exports::source).containsExactlyInAnyOrder(
                "io.switchboard.ami.typed", "io.switchboard.ami.typed.actions", "io.switchboard.ami.typed.events");
        assertThat(d.exports()).noneMatch(Exports::isQualified);
        assertThat(d.exports()).extracting(Exports::source).containsExactlyInAnyOrderElementsOf(d.packages());
        assertThat(d.isOpen()).isFalse();
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void requiresAmiOnlyAndPassesItOn() {
        Map<String, Set<Requires.Modifier>> requires = MODULE.getDescriptor().requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertThat(requires).containsOnly(
                entry("java.base", Set.of(Requires.Modifier.MANDATED)),
                entry("io.switchboard.ami", Set.of(Requires.Modifier.TRANSITIVE)));
    }
}
