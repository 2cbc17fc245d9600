package io.switchboard.live;

import io.switchboard.ami.ActionFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EndpointsAndConfigTest {

    @Test
    void endpointsWithContactsAndState() throws Exception {
        try (LiveFixture f = new LiveFixture()) {
            assertThat(f.server.endpoints()).extracting(Endpoint::name).containsExactly("alice", "bob");
            Endpoint alice = f.server.endpoints().get(0);
            assertThat(alice.dialString()).isEqualTo("PJSIP/alice");
            assertThat(alice.aors()).containsExactly("alice");
            assertThat(alice.auths()).containsExactly("alice");
            assertThat(alice.deviceState()).isEqualTo("Not in use");
            assertThat(alice.contacts()).singleElement().satisfies(c -> {
                assertThat(c.uri()).isEqualTo("sip:alice@127.0.0.1:5062");
                assertThat(c.status()).isEqualTo("Reachable");
                assertThat(c.rttMicros()).isEqualTo(1234);
            });
            assertThat(alice.isReachable()).isTrue();

            Channel call = LiveFixture.get(f.server.originate(OriginateRequest.to("PJSIP/alice")
                    .application("Wait", "600").build()));
            Endpoint busy = f.server.endpoints().get(0);
            assertThat(busy.deviceState()).isEqualTo("In use");
            assertThat(busy.activeChannels()).isEqualTo(1);
            call.hangup();
        }
    }

    @Test
    void configFilesAreReadEditedAndReloaded() {
        try (LiveFixture f = new LiveFixture()) {
            ConfigFile pjsip = f.server.configFile("pjsip.conf");
            assertThat(pjsip.name()).isEqualTo("pjsip.conf");
            assertThat(pjsip.get("transport-udp", "protocol")).contains("udp");
            assertThat(pjsip.category("alice").orElseThrow().getAll("allow")).containsExactly("ulaw", "alaw");

            f.server.updateConfig("pjsip.conf", ConfigEdit.builder()
                    .newCategory("carol")
                    .append("carol", "type", "endpoint")
                    .append("carol", "context", "test")
                    .append("carol", "aors", "carol")
                    .update("bob", "context", "vip")
                    .delete("alice", "allow", "alaw")
                    .reload("res_pjsip.so")
                    .build());
            ConfigFile after = f.server.configFile("pjsip.conf");
            assertThat(after.category("carol").orElseThrow().lines()).extracting(ConfigFile.Line::key)
                    .containsExactly("type", "context", "aors");
            assertThat(after.get("bob", "context")).contains("vip");
            assertThat(after.category("alice").orElseThrow().getAll("allow")).containsExactly("ulaw");
            await().atMost(LiveFixture.WAIT).until(() -> f.server.endpoints().size() == 3);

            f.server.updateConfig("pjsip.conf", ConfigEdit.builder().renameCategory("carol", "dave").build());
            assertThat(f.server.configFile("pjsip.conf").category("dave")).isPresent();
            assertThat(f.server.endpoints()).hasSize(3).extracting(Endpoint::name).contains("carol");
            f.server.reload(null);
            assertThat(f.server.endpoints()).extracting(Endpoint::name).contains("dave");
            f.server.updateConfig("pjsip.conf", ConfigEdit.builder().deleteCategory("dave").reloadAll().build());
            assertThat(f.server.endpoints()).hasSize(2);

            assertThatThrownBy(() -> f.server.updateConfig("pjsip.conf",
                    ConfigEdit.builder().update("nosuch", "k", "v").build()))
                    .isInstanceOf(ActionFailedException.class).hasMessageContaining("Given category does not exist");
            assertThatThrownBy(() -> f.server.configFile("missing.conf"))
                    .isInstanceOf(ActionFailedException.class).hasMessageContaining("Config file not found");
            assertThatThrownBy(() -> ConfigEdit.builder().build()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void commandsRunOnTheCli() {
        try (LiveFixture f = new LiveFixture()) {
            f.pbx.cliOriginate("Local/hold@test", "Wait", "600");
            await().atMost(LiveFixture.WAIT).until(() -> f.server.channels().size() == 2);
            assertThat(f.server.command("core show channels count")).anySatisfy(l -> assertThat(l).contains("2 active channel"));
            f.pbx.hangupAll();
            f.awaitNoChannels();
        }
    }
}
