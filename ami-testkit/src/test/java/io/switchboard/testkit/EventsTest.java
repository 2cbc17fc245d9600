package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {
    private static final Packet HANGUP = Packet.of("Event", "Hangup", "Privilege", "call,all",
            "Channel", "PJSIP/alice-00000001", "Cause", "16");
    private static final Packet VARSET = Packet.of("Event", "VarSet", "Privilege", "dialplan,all",
            "Channel", "PJSIP/alice-00000001", "Variable", "X", "Value", "1");
    private static final Packet RELOAD = Packet.of("Event", "Reload", "Privilege", "system,all", "Module", "x");
    private static final Packet CDR = Packet.of("Event", "Cdr", "Privilege", "cdr,all", "Channel", "PJSIP/bob-2");

    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder()
                .account("admin", "amp111", "all", "all")
                .account("caller", "pw", "call,system", "")
                .loginDelay(Duration.ZERO)
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void pushAll() {
        for (Packet p : List.of(HANGUP, VARSET, RELOAD, CDR)) {
            fake.pushEvent(p);
        }
    }

    private static AmiTestClient quietLogin(FakeAsterisk fake, String user, String secret) {
        AmiTestClient c = AmiTestClient.login(fake, user, secret);
        c.syncEvents();  // FullyBooted, SuccessfulAuth
        return c;
    }

    @Test
    void pushedEventsArriveByteForByte() {
        try (AmiTestClient c = quietLogin(fake, "admin", "amp111")) {
            fake.pushEvent(HANGUP);
            Packet received = c.nextEvent("Hangup");
            assertThat(received).isEqualTo(HANGUP);
            assertThat(c.rawText()).contains(new String(HANGUP.toWire(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void eventsNeedEveryClassInTheReadPermission() {
        try (AmiTestClient admin = quietLogin(fake, "admin", "amp111");
             AmiTestClient caller = quietLogin(fake, "caller", "pw")) {
            assertThat(admin.syncEventNames()).as("security events of other sessions' logins")
                    .containsExactly("SuccessfulAuth");
            pushAll();
            fake.pushEvent(Packet.of("Event", "Mixed", "Privilege", "call,dialplan,all"));
            assertThat(admin.syncEventNames()).containsExactly("Hangup", "VarSet", "Reload", "Cdr", "Mixed");
            assertThat(caller.syncEventNames()).containsExactly("Hangup", "Reload");
        }
    }

    @Test
    void sessionsThatHaveNotLoggedInGetNoEvents() {
        try (AmiTestClient anonymous = AmiTestClient.connect(fake)) {
            assertThat(fake.awaitSessions(1, AmiTestClient.TIMEOUT)).isTrue();
            pushAll();
            anonymous.send("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\nEvents: call\r\n\r\n");
            anonymous.nextResponse();
            assertThat(anonymous.syncEventNames()).isEmpty();
        }
    }

    @Test
    void eventsActionTurnsEventsOffOnAndToClassLists() {
        try (AmiTestClient c = quietLogin(fake, "admin", "amp111")) {
            assertThat(c.request("Action: Events\r\nActionID: 1\r\nEventMask: off\r\n\r\n").headers())
                    .extracting(h -> h.key() + ": " + h.value())
                    .containsExactly("Response: Success", "ActionID: 1", "Events: Off");
            pushAll();
            assertThat(c.syncEventNames()).isEmpty();

            assertThat(c.request("Action: Events\r\nEventMask: on\r\n\r\n").get("Events")).isEqualTo("On");
            pushAll();
            assertThat(c.syncEventNames()).containsExactly("Hangup", "VarSet", "Reload", "Cdr");

            assertThat(c.request("Action: Events\r\nEventMask: system,call\r\n\r\n").get("Events")).isEqualTo("On");
            pushAll();
            assertThat(c.syncEventNames()).containsExactly("Hangup", "Reload");

            assertThat(c.request("Action: Events\r\nEventMask: 1\r\n\r\n").get("Events"))
                    .as("digits are a raw bit mask: 1 = system").isEqualTo("On");
            pushAll();
            assertThat(c.syncEventNames()).containsExactly("Reload");

            assertThat(c.request("Action: Events\r\nEventMask: System,Call\r\n\r\n").get("Events"))
                    .as("labels are case-sensitive: nothing recognised means off").isEqualTo("Off");
            pushAll();
            assertThat(c.syncEventNames()).isEmpty();

            Packet invalid = c.request("Action: Events\r\n\r\n");
            assertThat(invalid.get("Response")).isEqualTo("Error");
            assertThat(invalid.get("Message")).isEqualTo("Invalid event mask");
        }
    }

    @Test
    void filtersSelectEvents() {
        try (AmiTestClient c = quietLogin(fake, "admin", "amp111")) {
            assertThat(c.request("Action: Filter\r\nOperation: Add\r\nFilter: Event: Hangup\r\n\r\n")
                    .get("Message")).isEqualTo("Success");
            assertThat(c.request("Action: Filter\r\nOperation: add\r\nMatchCriteria: name(VarSet)\r\n\r\n")
                    .get("Message")).isEqualTo("Success");
            assertThat(c.request("Action: Filter\r\nOperation: Add\r\n"
                    + "MatchCriteria: action(exclude),header(Variable),method(exact)\r\nFilter: X\r\n\r\n")
                    .get("Message")).isEqualTo("Success");
            pushAll();
            fake.pushEvent(Packet.of("Event", "VarSet", "Privilege", "dialplan,all", "Variable", "Y"));
            List<Packet> events = c.syncEvents();
            assertThat(events).extracting(Packet::name).containsExactly("Hangup", "VarSet");
            assertThat(events.get(1).get("Variable")).isEqualTo("Y");
        }
    }

    @Test
    void excludeOnlyFiltersDropMatches() {
        try (AmiTestClient c = quietLogin(fake, "admin", "amp111")) {
            c.request("Action: Filter\r\nOperation: Add\r\nFilter: !Privilege: (call|cdr),\r\n\r\n");
            pushAll();
            assertThat(c.syncEventNames()).containsExactly("VarSet", "Reload");
        }
    }

    @Test
    void userEventIsBroadcastToEverySessionThatMayReadUser() {
        try (AmiTestClient sender = quietLogin(fake, "admin", "amp111");
             AmiTestClient other = quietLogin(fake, "admin", "amp111");
             AmiTestClient caller = quietLogin(fake, "caller", "pw")) {
            sender.syncEvents();
            other.syncEvents();
            Packet ack = sender.request("Action: UserEvent\r\nActionID: u1\r\nUserEvent: Hello\r\nA: 1\r\nB: x: y\r\n\r\n");
            assertThat(ack.get("Message")).isEqualTo("Event Sent");
            String expected = "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: Hello\r\nActionID: u1\r\nA: 1\r\n"
                    + "B: x: y\r\n\r\n";
            for (AmiTestClient c : List.of(sender, other)) {
                Packet event = c.nextEvent("UserEvent");
                assertThat(event.toWire()).asString().isEqualTo(expected);
            }
            assertThat(caller.syncEventNames()).isEmpty();
        }
    }

    @Test
    void userEventNeedsUserWritePermission() {
        try (AmiTestClient c = quietLogin(fake, "caller", "pw")) {
            assertThat(c.request("Action: UserEvent\r\nUserEvent: x\r\n\r\n").get("Message"))
                    .isEqualTo("Permission denied");
        }
    }

    @Test
    void eventsAreHeldBackWhileAnActionRunsAndFollowItsReply() {
        try (AmiTestClient c = quietLogin(fake, "admin", "amp111")) {
            // UserEvent raises its event during the action: it must come after the reply, never before.
            c.send("Action: UserEvent\r\nActionID: e1\r\nUserEvent: One\r\n\r\n"
                    + "Action: Ping\r\nActionID: p1\r\n\r\n");
            assertThat(c.next().actionId()).isEqualTo("e1");
            assertThat(c.next().name()).isEqualTo("UserEvent");
            assertThat(c.next().actionId()).isEqualTo("p1");
        }
    }
}
