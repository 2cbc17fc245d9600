package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFilterTest {
    private static final ServerEvent NEWCHANNEL = ServerEvent.of(Packet.of("Event", "Newchannel",
            "Privilege", "call,all", "Channel", "Local/a@test-1;2", "Exten", "  100"));

    private static boolean matches(String criteria, String pattern) throws Exception {
        return EventFilter.parse(criteria, pattern).matches(NEWCHANNEL);
    }

    @Test
    void legacyRegexRunsOnTheWholeFormattedEvent() throws Exception {
        assertThat(matches(null, "Event: Newchannel")).isTrue();
        assertThat(matches(null, "Event:Newchannel")).isFalse();
        assertThat(matches(null, "call,all\r\nChannel: Local")).isTrue();
        assertThat(EventFilter.parse(null, "!Event: Newchannel").isExclude()).isTrue();
    }

    @Test
    void advancedCriteria() throws Exception {
        assertThat(matches("name(Newchannel)", null)).isTrue();
        assertThat(matches("name(newchannel)", null)).as("names are case-sensitive").isFalse();
        assertThat(matches("header(Channel),method(ends_with)", ";2")).isTrue();
        assertThat(matches("header(Channel),method(starts_with)", "Local/")).isTrue();
        assertThat(matches("header(Exten),method(exact)", "100")).as("leading blanks skipped").isTrue();
        assertThat(matches("header(channel),method(contains)", "a@")).as("header names case-sensitive").isFalse();
        assertThat(matches("name(Newchannel),header(Channel)", "test-[0-9]+;2$")).isTrue();
        assertThat(matches("name(Hangup),header(Channel)", ";2")).isFalse();
        assertThat(EventFilter.parse("action(exclude),name(Newchannel)", null).isExclude()).isTrue();
        assertThat(EventFilter.parse("action(include)", "!x").isExclude()).as("explicit action wins").isFalse();
    }

    @Test
    void invalidFiltersUseAsterisksTexts() {
        assertThatThrownBy(() -> EventFilter.parse(null, "Event: ("))
                .hasMessage("Filter did not compile.  Check the syntax of the filter given.");
        assertThatThrownBy(() -> EventFilter.parse("name(Hangup),none", null))
                .hasMessage("Filter was formatted incorrectly.  Check the syntax of the filter given.");
        assertThatThrownBy(() -> EventFilter.parse("method(startsWith)", "x"))
                .hasMessage("Filter was formatted incorrectly.  Check the syntax of the filter given.");
        assertThatThrownBy(() -> EventFilter.parse(null, null))
                .hasMessage("Filter was formatted incorrectly.  Check the syntax of the filter given.");
    }
}
