package io.switchboard.ami.typed;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ami.Event;
import io.switchboard.ami.typed.actions.OriginateAction;
import io.switchboard.ami.typed.actions.PingAction;
import io.switchboard.ami.typed.actions.TypedActions;
import io.switchboard.ami.typed.events.HangupEvent;
import io.switchboard.ami.typed.events.NewExtenEvent;
import io.switchboard.codegen.Names;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every catalog row yields a class with the catalog's facts (checked by reflection, in tests only). */
class CatalogCoverageTest {
    private static final Path GENERATED = Path.of("target/generated-sources/catalog/io/switchboard/ami/typed");

    private static Set<String> names(String kind) {
        return CatalogFiles.rows("catalog.tsv").stream().filter(r -> r[0].equals(kind)).map(r -> r[1])
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Object constant(Class<?> c, String field) throws ReflectiveOperationException {
        Field f = c.getField(field);
        return f.get(null);
    }

    @Test
    void oneGeneratedClassPerCatalogName() throws IOException {
        assertThat(names("event")).hasSize(181);
        assertThat(names("action")).hasSize(154);
        try (Stream<Path> events = Files.list(GENERATED.resolve("events"));
             Stream<Path> actions = Files.list(GENERATED.resolve("actions"))) {
            assertThat(events.count()).isEqualTo(181);
            assertThat(actions.filter(p -> p.getFileName().toString().endsWith("Action.java")).count())
                    .isEqualTo(154);
        }
        assertThat(TypedEvents.NAMES).hasSize(181);
        assertThat(TypedActions.NAMES).hasSize(154);
    }

    @Test
    void everyEventClassHasItsWireNameAndClass() throws ReflectiveOperationException {
        Map<String, String> classes = new LinkedHashMap<>();
        CatalogFiles.rows("event-classes.tsv").forEach(r -> classes.put(r[0], r[2]));
        for (String name : names("event")) {
            Class<?> c = Class.forName("io.switchboard.ami.typed.events." + Names.className(name, "Event"));
            String wire = name.equals("NewExten") ? "Newexten" : name;
            assertThat(constant(c, "NAME")).as(name).isEqualTo(wire);
            String flag = classes.get(name);
            AuthClass expected = flag.equals("EVENT_FLAG_CLASS") ? AuthClass.CALL // placeholder in the docs
                    : AuthClass.valueOf(flag.substring("EVENT_FLAG_".length()));
            assertThat(constant(c, "EVENT_CLASS")).as(name).isEqualTo(expected);
            // The registry finds it whatever the case.
            for (String spelling : List.of(name, wire, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT))) {
                TypedEvent typed = TypedEvents.of(Event.of(spelling));
                assertThat(typed).as(spelling).isInstanceOf(c);
                assertThat(typed.eventClass()).contains(expected);
                assertThat(TypedEvents.isDocumented(spelling)).isTrue();
            }
        }
        assertThat(TypedEvents.isDocumented("QueueMember")).isFalse();
    }

    @Test
    void everyActionClassHasItsWriteClassesAndRequiredParameters() throws ReflectiveOperationException {
        Map<String, String> auth = new LinkedHashMap<>();
        CatalogFiles.rows("action-auth.tsv").forEach(r -> auth.put(r[0], r[4]));
        for (String[] row : CatalogFiles.rows("catalog.tsv")) {
            if (!row[0].equals("action")) {
                continue;
            }
            Class<?> c = Class.forName("io.switchboard.ami.typed.actions." + Names.className(row[1], "Action"));
            assertThat(constant(c, "NAME")).isEqualTo(row[1]);
            String w = auth.get(row[1]);
            Set<AuthClass> expected = w.startsWith("(") ? Set.of() : Arrays.stream(w.split("\\|"))
                    .map(l -> AuthClass.fromLabel(l).orElseThrow()).collect(Collectors.toSet());
            assertThat(constant(c, "WRITE_CLASSES")).as(row[1]).isEqualTo(expected);
            assertThat(TypedActions.writeClasses(row[1].toLowerCase(Locale.ROOT))).contains(expected);
            List<String> required = row[3].isEmpty() ? List.of() : Arrays.stream(row[3].split(","))
                    .filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).toList();
            assertThat(constant(c, "REQUIRED")).as(row[1]).isEqualTo(required);
            assertThat(c.getMethod("builder").invoke(null)).isInstanceOf(ActionBuilder.class);
        }
        assertThat(TypedActions.writeClasses("NoSuchAction")).isEmpty();
    }

    @Test
    void constantsOfAFewWellKnownClasses() {
        assertThat(HangupEvent.EVENT_CLASS).isEqualTo(AuthClass.CALL);
        assertThat(HangupEvent.HEADERS).startsWith("Channel", "ChannelState").endsWith("Cause", "Cause-txt", "TechCause");
        assertThat(NewExtenEvent.NAME).isEqualTo("Newexten");
        assertThat(OriginateAction.WRITE_CLASSES).containsExactly(AuthClass.ORIGINATE);
        assertThat(OriginateAction.REQUIRED).containsExactly("Channel");
        assertThat(PingAction.WRITE_CLASSES).isEmpty();
    }
}
