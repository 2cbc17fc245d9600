package io.switchboard.ami.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ami.Action;
import io.switchboard.ami.ActionFailedException;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Header;
import io.switchboard.ami.Packet;
import io.switchboard.ami.typed.actions.CommandAction;
import io.switchboard.ami.typed.actions.CommandOutput;
import io.switchboard.ami.typed.actions.CoreShowChannelsAction;
import io.switchboard.ami.typed.actions.OriginateAction;
import io.switchboard.ami.typed.actions.PingAction;
import io.switchboard.ami.typed.events.CoreShowChannelsCompleteEvent;
import io.switchboard.ami.typed.events.HangupEvent;
import io.switchboard.testkit.FakeAsterisk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed actions through a real client to FakeAsterisk, and typed events back. */
class FakeAsteriskRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeAsterisk fake;
    private AmiClient ami;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO)
                .commandOutput("core show version", List.of("Asterisk 22.10.1 built by test", "", "second")).start();
        ami = AmiClient.connect(AmiConfig.builder().host(fake.host()).port(fake.port())
                .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET).build());
    }

    @AfterEach
    void stop() {
        if (ami != null) {
            ami.close();
        }
        fake.close();
    }

    /** The next request the server received with this action name. */
    private Packet received(String name) {
        while (true) {
            Packet p = fake.takeAction(WAIT);
            assertThat(p).as("a " + name + " request").isNotNull();
            if (p.valueEqualsIgnoreCase(0, name)) {
                return p;
            }
        }
    }

    @Test
    void aTypedOriginateArrivesWithExactlyItsHeaders() {
        Action originate = OriginateAction.builder().channel("Local/hold@test").application("Wait").data("1")
                .async(true).variable("A", "1").variable("B", "2").build();
        ami.sendAsync(originate);
        Packet wire = received("Originate");
        List<Header> sent = new ArrayList<>(wire.headers());
        sent.removeIf(h -> h.key().equalsIgnoreCase("ActionID"));
        assertThat(sent).isEqualTo(originate.toPacket(null).headers());
        assertThat(wire.getAll("Variable")).containsExactly("A=1", "B=2");
    }

    @Test
    void pingCommandAndAListComeBackTyped() throws Exception {
        assertThat(ami.send(PingAction.builder().build()).get("Ping")).isEqualTo("Pong");

        CommandOutput out = CommandOutput.of(ami.send(CommandAction.builder().command("core show version").build()));
        assertThat(out.success()).isTrue();
        assertThat(out.lines()).containsExactly("Asterisk 22.10.1 built by test", "", "second");
        assertThat(out.text()).isEqualTo("Asterisk 22.10.1 built by test\n\nsecond");

        assertThatThrownBy(() -> ami.send(CommandAction.builder().command("core show nosuchthing").build()))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(CommandOutput.of(e).success()).isFalse());

        TypedEventList list = TypedEventList.of(ami.sendList(CoreShowChannelsAction.builder().build()));
        assertThat(list.complete()).isInstanceOf(CoreShowChannelsCompleteEvent.class);
        int announced = ((CoreShowChannelsCompleteEvent) list.complete()).listItems().orElseThrow();
        assertThat(list.items()).hasSize(announced);
    }

    @Test
    void aPushedEventReachesATypedListener() throws Exception {
        CompletableFuture<HangupEvent> got = new CompletableFuture<>();
        ami.on(HangupEvent.NAME, HangupEvent.listener(got::complete));
        fake.pushEvent(Packet.of("Event", "Hangup", "Privilege", "call,all", "Channel", "PJSIP/bob-00000002",
                "CallerIDName", "O\\'Brien", "Uniqueid", "1795674400.2", "Cause", "17", "Cause-txt", "User busy"));
        HangupEvent h = got.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(h.callerIdName()).isEqualTo("O'Brien");
        assertThat(h.cause()).hasValue(17);
        assertThat(h.uniqueid()).isEqualTo("1795674400.2");
    }
}
