package io.switchboard.ami.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ActionIDs keep the {@code <prefix>-<counter in base 36>} format, whatever the prefix and counter. */
class ActionIdsTest {

    @Test
    void formatsTheCounterInBase36AfterThePrefix() {
        ActionIds ids = new ActionIds("app");
        for (long n = 1; n <= 100_000; n++) {
            assertThat(ids.next()).isEqualTo("app-" + Long.toString(n, 36));
        }
    }

    @Test
    void longCountersUpToTheLastPositiveValueKeepTheFormat() {
        for (long last : new long[] {35, 36 * 36 - 2, Integer.MAX_VALUE, Long.MAX_VALUE / 36, Long.MAX_VALUE - 3}) {
            ActionIds ids = new ActionIds("x", last);
            for (int i = 1; i <= 3; i++) {
                assertThat(ids.next()).isEqualTo("x-" + Long.toString(last + i, 36));
            }
        }
    }

    @Test
    void aCounterPastLongMaxValueStillGivesTheSameFormatAsBefore() {
        ActionIds ids = new ActionIds("x", Long.MAX_VALUE);
        assertThat(ids.next()).isEqualTo("x-" + Long.toString(Long.MIN_VALUE, 36));
    }

    @Test
    void latin1AndNonLatin1PrefixesAreKeptAsGiven() {
        assertThat(new ActionIds("caf\u00e9").next()).isEqualTo("caf\u00e9-1");
        assertThat(new ActionIds("\u0100\u4e2d").next()).isEqualTo("\u0100\u4e2d-1");
        assertThat(new ActionIds("").next()).isEqualTo("-1");
    }

    @Test
    void defaultPrefixIsRandomAndIdsAreUnique() {
        ActionIds a = new ActionIds(null);
        ActionIds b = new ActionIds(null);
        String first = a.next();
        assertThat(first).matches("sb[0-9a-z]+-1");
        assertThat(b.next()).matches("sb[0-9a-z]+-1").isNotEqualTo(first);
        Set<String> seen = new HashSet<>();
        seen.add(first);
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(a.next())).isTrue();
        }
    }
}
