package io.switchboard.ami;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Action}: validation at the call site, immutability, secret masking, resend defaults. */
class ActionTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ping\r\n", "Pi\nng", "Ping\r", "", "   "})
    void badNamesAreRefused(String name) {
        assertThatThrownBy(() -> Action.named(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> Action.named(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Action.named("Ping").header(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Action.named("Ping").header("X", (String) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Action.named("Ping").actionId(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Chan\rnel", "Chan\nnel", "Channel\r\nAction: Hangup", "Chan:nel", ""})
    void badKeysAreRefused(String key) {
        assertThatThrownBy(() -> Action.named("Originate").header(key, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PJSIP/alice\r\nAction: Hangup", "a\rb", "a\nb", "\r\n", "x\n"})
    void crOrLfInValuesIsRefused(String value) {
        assertThatThrownBy(() -> Action.named("Originate").header("Channel", value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> Action.named("Originate").actionId(value))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Originate").header("ActionID", value))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Originate").variable("X", value))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actionHeaderComesOnlyFromTheName() {
        assertThatThrownBy(() -> Action.named("Ping").header("Action", "Hangup"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Ping").header("action", "Hangup"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actionIdIsAtMost64Bytes() {
        assertThat(Action.named("Ping").actionId("a".repeat(64)).actionId()).contains("a".repeat(64));
        assertThatThrownBy(() -> Action.named("Ping").actionId("a".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
        // Bytes, not characters: 32 x "é" is 64 bytes, 33 x "é" is 66.
        assertThat(Action.named("Ping").actionId("é".repeat(32)).actionId()).isPresent();
        assertThatThrownBy(() -> Action.named("Ping").actionId("é".repeat(33)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Ping").actionId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Ping").header("ActionID", "b".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actionIdHeaderIsTheActionIdNotAHeader() {
        Action a = Action.named("Ping").header("actionid", "id-1");
        assertThat(a.actionId()).contains("id-1");
        assertThat(a.headers()).isEmpty();
    }

    @Test
    void toStringMasksSecretAndKey() {
        Action login = Action.named("Login").header("Username", "admin").header("Secret", "amp111");
        assertThat(login.toString()).contains("Username: admin").doesNotContain("amp111").contains("********");
        Action md5 = Action.named("Login").header("AuthType", "MD5")
                .header("key", "0123456789abcdef0123456789abcdef");
        assertThat(md5.toString()).doesNotContain("0123456789abcdef");
        assertThat(Action.named("Login").header("SECRET", "hunter2").actionId("a-1").toString())
                .doesNotContain("hunter2").contains("ActionID: a-1");
    }

    @Test
    void everyChangeReturnsANewActionAndLeavesTheOriginalAlone() {
        Action base = Action.named("Originate").header("Channel", "PJSIP/alice");
        Action more = base.header("Application", "Playback");
        Action withId = base.actionId("x");
        Action withTimeout = base.timeout(Duration.ofSeconds(5));
        Action resend = base.resendable(true);
        assertThat(base.headers()).containsExactly(new Header("Channel", "PJSIP/alice"));
        assertThat(base.actionId()).isEmpty();
        assertThat(base.timeout()).isEmpty();
        assertThat(base.isResendable()).isFalse();
        assertThat(more.headers()).hasSize(2);
        assertThat(withId.actionId()).contains("x");
        assertThat(withTimeout.timeout()).contains(Duration.ofSeconds(5));
        assertThat(resend.isResendable()).isTrue();
        assertThat(List.of(more, withId, withTimeout, resend)).doesNotContain(base);
        assertThatThrownBy(() -> more.headers().add(new Header("X", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void repeatedHeadersAndVariables() {
        Action a = Action.named("Originate").variable("A", "1").variable("B", "x=y").header("Priority", 1);
        assertThat(a.headers()).containsExactly(new Header("Variable", "A=1"), new Header("Variable", "B=x=y"),
                new Header("Priority", "1"));
        assertThat(a.get("variable")).isEqualTo("A=1");
        assertThat(a.get("Missing")).isNull();
        assertThatThrownBy(() -> a.variable("A=B", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.variable("", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> Action.named("Ping").timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Action.named("Ping").timeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ping", "ping", "PING", "Status", "Getvar", "CoreShowChannels", "QueueStatus",
            "ListCommands", "ParkedCalls", "PJSIPShowEndpoints", "CoreSettings"})
    void readOnlyActionsAreResendableByDefault(String name) {
        assertThat(Action.named(name).isResendable()).isTrue();
        assertThat(Action.named(name).resendable(false).isResendable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Originate", "Hangup", "Redirect", "Setvar", "Command", "Login", "Logoff", "UserEvent",
            "QueuePause", "NoSuchAction"})
    void actionsWithEffectsAreNotResendableByDefault(String name) {
        assertThat(Action.named(name).isResendable()).isFalse();
        assertThat(Action.named(name).resendable(true).isResendable()).isTrue();
    }

    @Test
    void toPacketPutsActionAndActionIdFirst() {
        Action a = Action.named("Getvar").header("Channel", "Local/x").header("Variable", "X");
        assertThat(a.toPacket("g-1").headers()).containsExactly(new Header("Action", "Getvar"),
                new Header("ActionID", "g-1"), new Header("Channel", "Local/x"), new Header("Variable", "X"));
        assertThat(a.toPacket(null).headers()).extracting(Header::key).containsExactly("Action", "Channel", "Variable");
        assertThat(a.toPacket("g-1").kind()).isEqualTo(Packet.Kind.ACTION);
        assertThat(new String(a.toPacket("g-1").toWire(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("Action: Getvar\r\nActionID: g-1\r\nChannel: Local/x\r\nVariable: X\r\n\r\n");
    }

    @Test
    void equalActionsAreEqual() {
        Action a = Action.named("Ping").header("X", "1").actionId("p");
        Action b = Action.named("Ping").header("X", "1").actionId("p");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.header("X", "2")).isNotEqualTo(b.actionId("q"))
                .isNotEqualTo(b.timeout(Duration.ofSeconds(1)));
        assertThat(a.name()).isEqualTo("Ping");
    }
}
