package io.switchboard.testkit.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PermsTest {
    private static final int SYSTEM = 1;
    private static final int CALL = 2;

    @Test
    void classListsFollowAsteriskQuirks() {
        assertThat(Perms.parseList("system,call")).isEqualTo(SYSTEM | CALL);
        assertThat(Perms.parseList("System,Call")).as("case-sensitive").isZero();
        assertThat(Perms.parseList("system, call")).as("a space breaks the last piece").isEqualTo(SYSTEM);
        assertThat(Perms.parseList("c,system")).as("non-last pieces are prefixes")
                .isEqualTo(SYSTEM | CALL | Perms.bit("command") | Perms.bit("config") | Perms.bit("cdr")
                        | Perms.bit("cc"));
        assertThat(Perms.parseList("all")).isEqualTo(Perms.ALL);
        assertThat(Perms.parseList(",call")).as("an empty piece matches everything").isEqualTo(Perms.ALL);
        assertThat(Perms.parseList("")).isZero();
        assertThat(Perms.parseList("none")).isZero();
    }

    @Test
    void eventMasks() {
        assertThat(Perms.parseEventMask("on")).isEqualTo(Perms.ALL);
        assertThat(Perms.parseEventMask("YES")).isEqualTo(Perms.ALL);
        assertThat(Perms.parseEventMask("off")).isZero();
        assertThat(Perms.parseEventMask("1")).as("digits are a raw mask").isEqualTo(SYSTEM);
        assertThat(Perms.parseEventMask("0")).isZero();
        assertThat(Perms.parseEventMask("system,user")).isEqualTo(SYSTEM | Perms.bit("user"));
        assertThat(Perms.parseEventMask("nonsense")).isZero();
        assertThat(Perms.parseEventMask("")).isEqualTo(-1);
        assertThat(Perms.parseEventMask(null)).isEqualTo(-1);
    }

    @Test
    void privilegeHeaders() {
        assertThat(Perms.privilegeClass("call,all")).isEqualTo(CALL);
        assertThat(Perms.privilegeClass("dialplan,all")).isEqualTo(Perms.bit("dialplan"));
        assertThat(Perms.privilegeClass(null)).isZero();
        assertThat(Perms.privilege(Perms.bit("security"))).isEqualTo("security,all");
        assertThat(Perms.privilege(SYSTEM | CALL)).isEqualTo("system,call,all");
    }

    @Property
    void privilegeRoundTrips(@ForAll @IntRange(min = 0, max = 18) int bit) {
        int mask = 1 << bit;
        if (bit != 14) {  // hookresponse has no label
            assertThat(Perms.privilegeClass(Perms.privilege(mask))).isEqualTo(mask);
        }
    }
}
