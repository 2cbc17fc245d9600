package io.switchboard.ami.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-pass lookup behind channel subscriptions must find exactly what lower-casing the header value and
 * cutting it with {@link ChannelNames#endpoint} finds: those two stay the definition.
 */
class ChannelTableTest {

    /** Every non-empty prefix of {@code lower} as a key, whose value is the key itself. */
    private static Map<String, String> prefixes(String lower) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int end = 1; end <= lower.length(); end++) {
            keys.put(lower.substring(0, end), lower.substring(0, end));
        }
        return keys;
    }

    @Provide
    Arbitrary<String> channels() {
        // Dashes and ';', '1', '2' often, mixed case, and now and then a character outside ASCII: one whose
        // lower case is ASCII (Kelvin sign), one that lower-cases to two chars (dotted I), one with an upper-case
        // ASCII letter (dotless i), and plain ones.
        Arbitrary<Character> ascii = Arbitraries.of('a', 'B', 'c', 'Z', 'x', 'K', 'i', 'I', '-', '-', '-', ';', '1',
                '2', '/', '@', '0', '9');
        Arbitrary<Character> other = Arbitraries.of('\u212A', '\u0130', '\u0131', '\u00E9', '\u00DC', '\u00DF',
                '\u20AC');
        Arbitrary<String> body = Arbitraries.frequencyOf(Tuple.of(30, ascii), Tuple.of(1, other)).list()
                .ofMaxSize(16).map(cs -> {
                    StringBuilder b = new StringBuilder();
                    cs.forEach(b::append);
                    return b.toString();
                });
        Arbitrary<String> lead = Arbitraries.of("", "", "-", "PJSIP/", "Local/");
        Arbitrary<String> tail = Arbitraries.of("", "", ";1", ";2", ";3", "-;1", "-00000001", "-0000000A;2");
        return Combinators.combine(lead, body, tail).as((l, m, t) -> l + m + t);
    }

    @Property(tries = 3000, seed = "20240612")
    void findsTheLowerCasedNameAndItsEndpointExactly(@ForAll("channels") String channel) {
        String lower = channel.toLowerCase(Locale.ROOT);
        String endpoint = ChannelNames.endpoint(lower);
        Map<String, String> keys = prefixes(lower); // the endpoint is one of them, and so are decoys
        keys.put(lower + "-", lower + "-");
        ChannelTable<String> table = ChannelTable.of(keys);

        long found = table.find(channel);
        assertThat(table.nameKey(found)).isEqualTo(lower.isEmpty() ? null : lower);
        assertThat(table.byName(found)).isEqualTo(table.nameKey(found));
        assertThat(table.endpointKey(found)).isEqualTo(endpoint);
        assertThat(table.byEndpoint(found)).isEqualTo(endpoint);

        keys.remove(lower);
        if (endpoint != null) {
            keys.remove(endpoint);
        }
        assertThat(ChannelTable.of(keys).find(channel)).as("only decoys left").isEqualTo(ChannelTable.NOT_FOUND);
    }

    @Test
    void examplesFromTheRecordings() {
        ChannelTable<String> table = ChannelTable.of(Map.of("pjsip/alice", "endpoint",
                "local/100@default-00000002;1", "half", "pjsip/alice-bob", "dashed"));
        long found = table.find("PJSIP/Alice-0000000A");
        assertThat(table.byName(found)).isNull();
        assertThat(table.byEndpoint(found)).isEqualTo("endpoint");
        found = table.find("PJSIP/ALICE");
        assertThat(table.byName(found)).isEqualTo("endpoint");
        assertThat(table.byEndpoint(found)).isNull();
        assertThat(table.byEndpoint(table.find("PJSIP/alice-bob-00000003"))).isEqualTo("dashed");
        found = table.find("Local/100@Default-00000002;1");
        assertThat(table.byName(found)).isEqualTo("half");
        assertThat(table.byEndpoint(found)).isNull();
        assertThat(table.find("Local/100@default-00000002;2")).isEqualTo(ChannelTable.NOT_FOUND);
        assertThat(table.find("")).isEqualTo(ChannelTable.NOT_FOUND);
        assertThat(table.find("-alice")).isEqualTo(ChannelTable.NOT_FOUND);
    }

    @Test
    void nonAsciiNamesAreLowerCasedAsTheJdkDoes() {
        ChannelTable<String> table = ChannelTable.of(Map.of("pjsip/jürgen", "jürgen", "pjsip/kate", "kate"));
        assertThat(table.byEndpoint(table.find("PJSIP/JÜRGEN-00000001"))).isEqualTo("jürgen");
        // The Kelvin sign lower-cases to an ASCII k.
        assertThat(table.byEndpoint(table.find("PJSIP/\u212Aate-00000001"))).isEqualTo("kate");
        assertThat(table.byName(table.find("pjsip/\u212AATE"))).isEqualTo("kate");
    }

    @Test
    void foldingIsAsciiOnlyEvenWhenHashesCollide() {
        // A dotless i upper-cases to I, so regionMatches(true, ...) would call "alıce" and "ALICE" equal; the
        // lower-cased name "alice" is not "alıce". The key's own hash stands in for a colliding one.
        ChannelTable<String> table = ChannelTable.of(Map.of("pjsip/al\u0131ce", "dotless"));
        assertThat(table.slot("pjsip/al\u0131ce".hashCode(), "PJSIP/ALICE", 11)).isEqualTo(-1);
        assertThat(table.find("PJSIP/ALICE-1")).isEqualTo(ChannelTable.NOT_FOUND);
        assertThat(table.byEndpoint(table.find("PJSIP/AL\u0131CE-1"))).isEqualTo("dotless");
    }

    @Test
    void keysWithEqualHashesAreToldApart() {
        assertThat("az".hashCode()).isEqualTo("b[".hashCode());
        ChannelTable<String> table = ChannelTable.of(Map.of("az", "first", "b[", "second"));
        assertThat(table.byName(table.find("AZ"))).isEqualTo("first");
        assertThat(table.byName(table.find("B["))).isEqualTo("second");
        assertThat(table.byEndpoint(table.find("az-1"))).isEqualTo("first");
        assertThat(table.byEndpoint(table.find("b[-1"))).isEqualTo("second");
        assertThat(table.find("bz")).isEqualTo(ChannelTable.NOT_FOUND);
    }

    @Test
    void thousandsOfKeysAreAllFoundAndCopiedBack() {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            keys.put("pjsip/bench" + i, i);
        }
        ChannelTable<Integer> table = ChannelTable.of(keys);
        assertThat(table.size()).isEqualTo(2000);
        for (int i = 0; i < 2000; i++) {
            long found = table.find("PJSIP/Bench" + i + "-0000001" + i);
            assertThat(table.byEndpoint(found)).isEqualTo(i);
            assertThat(table.byName(found)).isNull();
        }
        assertThat(table.find("PJSIP/bench2000-1")).isEqualTo(ChannelTable.NOT_FOUND);
        assertThat(table.toMap()).isEqualTo(keys);
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(keys.values());
    }

    @Test
    void theEmptyTableFindsNothing() {
        ChannelTable<String> empty = ChannelTable.of(Map.of());
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.find("PJSIP/alice-1")).isEqualTo(ChannelTable.NOT_FOUND);
        assertThat(empty.toMap()).isEmpty();
        assertThat(empty.values()).isEmpty();
    }

    @Test
    void refusesEmptyKeysAndMissingValues() {
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("pjsip/alice", null);
        assertThatThrownBy(() -> ChannelTable.of(Map.of("", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelTable.of(nullValue)).isInstanceOf(IllegalArgumentException.class);
    }
}
