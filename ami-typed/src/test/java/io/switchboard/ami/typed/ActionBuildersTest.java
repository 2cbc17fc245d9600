package io.switchboard.ami.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ami.Action;
import io.switchboard.ami.Header;
import io.switchboard.ami.typed.actions.AOCMessageAction;
import io.switchboard.ami.typed.actions.AbsoluteTimeoutAction;
import io.switchboard.ami.typed.actions.GetvarAction;
import io.switchboard.ami.typed.actions.OriginateAction;
import io.switchboard.ami.typed.actions.PJSIPShowEndpointsAction;
import io.switchboard.ami.typed.actions.SetvarAction;
import io.switchboard.ami.typed.actions.UpdateConfigAction;
import io.switchboard.ami.typed.actions.UserEventAction;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated builders: required parameters, Originate's rules, repeated Variable, indexed parameters. */
class ActionBuildersTest {
    @Test
    void buildsAnActionWithHeadersInOrder() {
        Action a = OriginateAction.builder().channel("PJSIP/alice").application("Playback").data("hello-world")
                .async(true).timeout(30000L).callerId("\"O'Brien\" <1001>").variable("A", "1").variable("B", "x=y")
                .actionId("orig-1").build();
        assertThat(a.name()).isEqualTo("Originate");
        assertThat(a.actionId()).contains("orig-1");
        assertThat(a.headers()).containsExactly(new Header("Channel", "PJSIP/alice"),
                new Header("Application", "Playback"), new Header("Data", "hello-world"), new Header("Async", "true"),
                new Header("Timeout", "30000"), new Header("CallerID", "\"O'Brien\" <1001>"),
                new Header("Variable", "A=1"), new Header("Variable", "B=x=y"));
        assertThat(a.isResendable()).isFalse();
    }

    @Test
    void missingRequiredParametersAreNamed() {
        assertThatThrownBy(() -> AbsoluteTimeoutAction.builder().channel("PJSIP/a-1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "AbsoluteTimeout: required parameter 'Timeout' is missing");
        assertThatThrownBy(() -> SetvarAction.builder().variable("X").value(" ").build())
                .hasMessageContaining("'Value'"); // blank counts as missing
        assertThatThrownBy(() -> OriginateAction.builder().application("Wait").build())
                .hasMessageContaining("'Channel'");
        assertThat(AbsoluteTimeoutAction.builder().channel("PJSIP/a-1").timeout(5).build().get("Timeout"))
                .isEqualTo("5");
        assertThat(PJSIPShowEndpointsAction.builder().build().headers()).isEmpty(); // no parameters at all
    }

    @Test
    void originateIsEitherAnApplicationOrADialplanTarget() {
        Action exten = OriginateAction.builder().channel("Local/short@test").context("test").exten("playback")
                .priority(1).build();
        assertThat(exten.get("Priority")).isEqualTo("1");
        assertThatThrownBy(() -> OriginateAction.builder().channel("PJSIP/a").application("Wait").context("test")
                .build()).hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> OriginateAction.builder().channel("PJSIP/a").build())
                .hasMessageContaining("either Application");
        assertThatThrownBy(() -> OriginateAction.builder().channel("PJSIP/a").context("test").exten("100").build())
                .hasMessageContaining("'Priority' is missing");
        assertThatThrownBy(() -> OriginateAction.builder().channel("PJSIP/a").exten("100").priority("start")
                .data("x").build()).hasMessageContaining("'Context' is missing");
        assertThatThrownBy(() -> OriginateAction.builder().channel("PJSIP/a").context("c").exten("1").priority(1)
                .data("x").build()).hasMessageContaining("Data");
        assertThatThrownBy(() -> OriginateAction.builder().channel("alice").application("Wait").build())
                .hasMessageContaining("tech/resource");
    }

    @Test
    void settingAgainReplacesWhileVariablesRepeat() {
        Action a = OriginateAction.builder().channel("PJSIP/a").channel("PJSIP/b").application("Wait")
                .variable("X", "1").variable("X", "2").build();
        assertThat(a.headers().stream().filter(h -> h.key().equals("Channel")).map(Header::value))
                .containsExactly("PJSIP/b");
        assertThat(a.headers().stream().filter(h -> h.key().equals("Variable")).map(Header::value))
                .containsExactly("X=1", "X=2");
        assertThatThrownBy(() -> OriginateAction.builder().variable("A=B", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        // Getvar's Variable is a single name, not name=value.
        assertThat(GetvarAction.builder().channel("PJSIP/a-1").variable("CHANNEL(state)").build().get("Variable"))
                .isEqualTo("CHANNEL(state)");
    }

    @Test
    void placeholdersBecomeIndexedSettersAndFreeHeaders() {
        Action u = UpdateConfigAction.builder().srcFilename("a.conf").dstFilename("a.conf")
                .action(0, "NewCat").cat(0, "general").action(1, "Append").cat(1, "general").varValue(1, "x")
                .value(1, "1").build();
        assertThat(u.headers()).extracting(Header::key).containsExactly("SrcFilename", "DstFilename",
                "Action-000000", "Cat-000000", "Action-000001", "Cat-000001", "Var-000001", "Value-000001");
        assertThat(AOCMessageAction.builder().channel("DAHDI/1").msgType("D").chargeType("Currency")
                .unitAmount(0, "5").build().get("UnitAmount(0)")).isEqualTo("5");
        Action ue = UserEventAction.builder().userEvent("MyTestEvent").header("Header1", "a: b")
                .header("Header1", "again").build();
        assertThat(ue.headers()).containsExactly(new Header("UserEvent", "MyTestEvent"), new Header("Header1", "a: b"),
                new Header("Header1", "again"));
    }

    @Test
    void refusesInjectionAndReservedHeaders() {
        assertThatThrownBy(() -> OriginateAction.builder().channel("PJSIP/a\r\nAction: Command"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("injection");
        assertThatThrownBy(() -> UserEventAction.builder().header("Action", "Logoff"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OriginateAction.builder().channel(null)).isInstanceOf(NullPointerException.class);
        assertThat(List.of(OriginateAction.builder().toString())).first().asString().contains("Originate");
    }
}
