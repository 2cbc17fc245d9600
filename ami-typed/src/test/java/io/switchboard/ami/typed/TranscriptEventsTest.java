package io.switchboard.ami.typed;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ami.Event;
import io.switchboard.codegen.Catalog;
import io.switchboard.codegen.EventGenerator;
import io.switchboard.codegen.EventGenerator.Accessor;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every event of every golden transcript maps to its typed class when documented, and each documented header
 * it carries reads back through the typed accessor (found by reflection from the generator's own plan) with
 * the same value; undocumented events come back as {@link UnknownEvent}s.
 */
class TranscriptEventsTest {
    /** Events Asterisk 22 sends without XML docs (catalog-notes.txt), as seen in the transcripts. */
    private static final List<String> UNDOCUMENTED_IN_TRANSCRIPTS = List.of("ParkedCallsComplete", "Parkinglot",
            "ParkinglotsComplete", "QueueMember", "QueueStatusComplete", "QueueSummary", "QueueSummaryComplete");

    private static final Map<String, List<Accessor>> PLANS = new HashMap<>();

    @BeforeAll
    static void plans() {
        for (Catalog.EventDef e : CatalogFiles.catalog().events()) {
            PLANS.put(e.wireName().toLowerCase(Locale.ROOT), EventGenerator.plan(e));
        }
    }

    @Test
    void everyTranscriptEventReadsBackThroughItsTypedAccessors() throws ReflectiveOperationException {
        Map<String, Integer> undocumented = new TreeMap<>();
        int events = 0;
        int typed = 0;
        int checked = 0;
        for (String scenario : Transcripts.scenarios()) {
            for (Event e : Transcripts.events(scenario)) {
                events++;
                TypedEvent view = TypedEvents.of(e);
                assertThat(view.event()).isSameAs(e);
                assertThat(view.packet()).isSameAs(e.packet());
                List<Accessor> plan = PLANS.get(e.name().toLowerCase(Locale.ROOT));
                if (plan == null) {
                    assertThat(view).isInstanceOf(UnknownEvent.class);
                    assertThat(view.headers()).isEqualTo(e.headers());
                    undocumented.merge(e.name(), 1, Integer::sum);
                    continue;
                }
                assertThat(view).isNotInstanceOf(UnknownEvent.class);
                assertThat(view.getClass().getField("NAME").get(null)).isEqualTo(e.name());
                typed++;
                for (Accessor a : plan) {
                    checked += check(scenario, view, a);
                }
                for (ChannelSnapshot c : view.channels()) {
                    assertThat(c.hasChannel()).isTrue();
                    assertThat(c.uniqueid()).isNotNull();
                }
            }
        }
        System.out.printf("transcripts: %d events, %d typed, %d header values checked, undocumented: %s%n",
                events, typed, checked, undocumented);
        assertThat(undocumented.keySet()).containsExactlyElementsOf(UNDOCUMENTED_IN_TRANSCRIPTS);
        assertThat(typed).isGreaterThan(15_000);
        assertThat(checked).isGreaterThan(200_000);
    }

    /** Checks one accessor if its header is present; returns how many values were compared. */
    private static int check(String scenario, TypedEvent view, Accessor a) throws ReflectiveOperationException {
        if (a.indexed()) {
            return 0; // RTCP reports: not in any transcript; covered in TypedAccessorsTest
        }
        String raw = view.get(a.header());
        if (raw == null) {
            return 0;
        }
        Object target = view;
        Class<?> owner = view.getClass();
        if (a.view() != null) {
            target = owner.getMethod(a.view()).invoke(view);
            owner = target instanceof ChannelSnapshot ? ChannelSnapshot.class : BridgeSnapshot.class;
        }
        Method m = owner.getMethod(a.method());
        Object value = m.invoke(target);
        String what = scenario + " " + view.name() + " " + a.header() + " via " + a.method();
        String trimmed = raw.trim();
        switch (a.type()) {
            case STRING -> assertThat(value).as(what).isEqualTo(raw);
            case ESCAPED -> assertThat(value).as(what).isEqualTo(HeaderValues.unescape(raw));
            case INT -> assertThat(value).as(what).isEqualTo(trimmed.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(trimmed)));
            case LONG -> assertThat(value).as(what).isEqualTo(trimmed.isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(trimmed)));
            case BOOL -> assertThat(value).as(what).isEqualTo(trimmed.isEmpty() ? Optional.empty()
                    : Optional.of(trimmed.equals("1") || trimmed.equalsIgnoreCase("yes")
                    || trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("on")));
            default -> throw new IllegalStateException();
        }
        return 1;
    }
}
