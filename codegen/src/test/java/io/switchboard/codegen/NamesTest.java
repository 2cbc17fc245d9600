package io.switchboard.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void membersAreLowerCamelCaseWithAcronymsFolded() {
        assertThat(Names.member("CallerIDNum")).isEqualTo("callerIdNum");
        assertThat(Names.member("Uniqueid")).isEqualTo("uniqueid");
        assertThat(Names.member("UniqueID")).isEqualTo("uniqueId");
        assertThat(Names.member("Cause-txt")).isEqualTo("causeTxt");
        assertThat(Names.member("CID-CallingPres")).isEqualTo("cidCallingPres");
        assertThat(Names.member("DAHDIChannel")).isEqualTo("dahdiChannel");
        assertThat(Names.member("SSRC")).isEqualTo("ssrc");
        assertThat(Names.member("Qualify2xxOnly")).isEqualTo("qualify2xxOnly");
        assertThat(Names.member("100rel")).isEqualTo("rel100");
        assertThat(Names.member("Class")).isEqualTo("classValue");
        assertThat(Names.member("channel")).isEqualTo("channel");
    }

    @Test
    void classNamesKeepTheCatalogSpelling() {
        assertThat(Names.className("AOC-D", "Event")).isEqualTo("AOCDEvent");
        assertThat(Names.className("DTMFBegin", "Event")).isEqualTo("DTMFBeginEvent");
        assertThat(Names.className("UserEvent", "Event")).isEqualTo("UserEvent");
        assertThat(Names.className("IAXpeers", "Action")).isEqualTo("IAXpeersAction");
    }

    @Test
    void literalsEscapeQuotesAndBackslashes() {
        assertThat(Names.literal("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
