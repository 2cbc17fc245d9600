package io.switchboard.ami.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint rule and the argument check behind {@code onChannel}. */
class ChannelNamesTest {

    @Test
    void endpointDropsTheLastDashAndWhatFollows() {
        assertThat(ChannelNames.endpoint("PJSIP/alice-00000001")).isEqualTo("PJSIP/alice");
        assertThat(ChannelNames.endpoint("PJSIP/alice-bob-00000003")).isEqualTo("PJSIP/alice-bob");
        assertThat(ChannelNames.endpoint("SIP/100-0000000a")).isEqualTo("SIP/100");
        assertThat(ChannelNames.endpoint("DAHDI/1-1")).isEqualTo("DAHDI/1");
        assertThat(ChannelNames.endpoint("PJSIP/alice-")).as("an empty suffix is still a suffix")
                .isEqualTo("PJSIP/alice");
    }

    @Test
    void localHalvesKeepTheirEndpoint() {
        assertThat(ChannelNames.endpoint("Local/100@default-00000002;1")).isEqualTo("Local/100@default");
        assertThat(ChannelNames.endpoint("Local/100@default-00000002;2")).isEqualTo("Local/100@default");
        assertThat(ChannelNames.endpoint("Local/a-b@ctx-0000000f;2")).isEqualTo("Local/a-b@ctx");
        // Only ;1 and ;2 are Local halves; anything else is part of the unique suffix.
        assertThat(ChannelNames.endpoint("Local/100@default-00000002;3")).isEqualTo("Local/100@default");
        assertThat(ChannelNames.endpoint("Odd/x-1;2-y")).isEqualTo("Odd/x-1;2");
    }

    @Test
    void namesWithoutADashHaveNoEndpoint() {
        assertThat(ChannelNames.endpoint("PJSIP/alice")).isNull();
        assertThat(ChannelNames.endpoint("Message/ast_msg_queue")).isNull();
        assertThat(ChannelNames.endpoint("-00000001")).isNull();
        assertThat(ChannelNames.endpoint(";1")).isNull();
        assertThat(ChannelNames.endpoint("-;1")).isNull();
        assertThat(ChannelNames.endpoint("")).isNull();
    }

    @Test
    void keyIsTheStrippedLowerCaseArgument() {
        assertThat(ChannelNames.key("PJSIP/Alice")).isEqualTo("pjsip/alice");
        assertThat(ChannelNames.key("  Local/100@Default-00000002;1\t")).isEqualTo("local/100@default-00000002;1");
    }

    @Test
    void keyRefusesNullBlankAndLineBreaks() {
        for (String bad : new String[] {null, "", "   ", "\t", "PJSIP/alice\r\nAction: Hangup", "PJSIP/a\n",
                "\rPJSIP/a"}) {
            assertThatThrownBy(() -> ChannelNames.key(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel");
        }
    }

    @Provide
    Arbitrary<String> endpoints() {
        Arbitrary<String> tech = Arbitraries.of("PJSIP", "SIP", "IAX2", "DAHDI", "Local", "Custom-Tech");
        Arbitrary<String> resource = Arbitraries.strings().withChars("abcXYZ019-_@.;/").ofMinLength(1)
                .ofMaxLength(20);
        return tech.flatMap(t -> resource.map(r -> t + "/" + r));
    }

    @Provide
    Arbitrary<String> uniqueIds() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(0).ofMaxLength(8);
    }

    @Property(tries = 500, seed = "20240611")
    void aChannelsEndpointIsWhatItWasMadeFrom(@ForAll("endpoints") String endpoint, @ForAll("uniqueIds") String id,
                                              @ForAll boolean local, @ForAll boolean secondHalf) {
        String channel = endpoint + "-" + id + (local ? (secondHalf ? ";2" : ";1") : "");
        assertThat(ChannelNames.endpoint(channel)).isEqualTo(endpoint);
    }

    @Property(tries = 500, seed = "20240611")
    void anEndpointIsAStrictPrefixEndingBeforeADash(@ForAll("endpoints") String name) {
        String endpoint = ChannelNames.endpoint(name);
        if (endpoint != null) {
            assertThat(name).startsWith(endpoint);
            assertThat(endpoint).isNotEmpty();
            assertThat(name.charAt(endpoint.length())).isEqualTo('-');
            assertThat(name.substring(endpoint.length() + 1).replaceAll(";[12]$", "")).doesNotContain("-");
        } else {
            assertThat(name.replaceAll(";[12]$", "").lastIndexOf('-')).isLessThanOrEqualTo(0);
        }
    }
}
