package io.switchboard.live;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Packet;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.CallEngine;
import io.switchboard.testkit.pbx.SimulatedPbx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
    void peersListPjsipEndpointsAndIax2Peers() {
        try (LiveFixture f = new LiveFixture()) {
            List<Peer> peers = f.server.peers();
            assertThat(peers).extracting(Peer::dialString)
                    .containsExactly("PJSIP/alice", "PJSIP/bob", "IAX2/trunk1", "IAX2/trunk2");
            Peer alice = peers.get(0);
            assertThat(alice.technology()).isEqualTo("PJSIP");
            assertThat(alice.address()).isEqualTo("127.0.0.1");
            assertThat(alice.port()).isEqualTo(5062);
            assertThat(alice.status()).isEqualTo("Reachable");
            assertThat(alice.reachable()).isTrue();
            assertThat(alice.pjsipEndpoint()).hasValueSatisfying(e -> assertThat(e.aors()).containsExactly("alice"));
            Peer trunk1 = peers.get(2);
            assertThat(trunk1.technology()).isEqualTo("IAX2");
            assertThat(trunk1.address()).isEqualTo("192.0.2.10");
            assertThat(trunk1.port()).isEqualTo(4569);
            assertThat(trunk1.dynamic()).isFalse();
            assertThat(trunk1.status()).isEqualTo("OK (1 ms)");
            assertThat(trunk1.reachable()).isTrue();
            assertThat(trunk1.pjsipEndpoint()).isEmpty();
            Peer trunk2 = peers.get(3);
            assertThat(trunk2.address()).isEmpty();
            assertThat(trunk2.port()).isZero();
            assertThat(trunk2.dynamic()).isTrue();
            assertThat(trunk2.status()).isEqualTo("UNKNOWN");
            assertThat(trunk2.reachable()).isFalse();
            assertThat(f.server.endpoints()).extracting(Endpoint::name).containsExactly("alice", "bob");
        }
    }

    @Test
    void peersWithoutChanIax2AreOnlyPjsip() {
        try (FakeAsterisk fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .callEngine(sink -> new WithoutIax(SimulatedPbx.builder().timeScale(0.02).build(sink))).start();
             AsteriskServer server = AsteriskServer.connect(AmiConfig.builder().host(fake.host()).port(fake.port())
                     .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                     .actionTimeout(Duration.ofSeconds(10)).build())) {
            assertThatThrownBy(() -> server.client().sendList(Action.named("IAXpeers")))
                    .isInstanceOf(ActionFailedException.class).hasMessageContaining("Invalid/unknown command");
            assertThat(server.peers()).extracting(Peer::dialString).containsExactly("PJSIP/alice", "PJSIP/bob");
        }
    }

    /** The simulated PBX as a server without chan_iax2 loaded. */
    private record WithoutIax(SimulatedPbx pbx) implements CallEngine {
        @Override
        public Set<String> actions() {
            Set<String> names = new HashSet<>(pbx.actions());
            names.removeAll(Set.of("iaxpeers", "iaxpeerlist"));
            return names;
        }

        @Override
        public void handle(Packet action, Consumer<Packet> reply) {
            pbx.handle(action, reply);
        }

        @Override
        public Optional<List<String>> cliOutput(String command) {
            return pbx.cliOutput(command);
        }

        @Override
        public void close() {
            pbx.close();
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
