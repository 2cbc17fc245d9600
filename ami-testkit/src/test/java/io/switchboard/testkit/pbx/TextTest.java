package io.switchboard.testkit.pbx;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {
    @Test
    void variableHeadersSplitOnCommasWithDialplanQuoting() {
        List<Map.Entry<String, String>> vars = Text.parseVariables(List.of(
                "A=1,B=2", "C=\"x,y\"", "D=f(1,2),E=[a,b]", "F=a\\,b", "noequals,=novalue,G=", "H=p=q"));
        assertThat(vars).containsExactly(
                Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "x,y"), Map.entry("D", "f(1,2)"),
                Map.entry("E", "[a,b]"), Map.entry("F", "a,b"), Map.entry("G", ""), Map.entry("H", "p=q"));
    }

    @Test
    void applicationArgumentsKeepEmptyPieces() {
        assertThat(Text.splitArgs("testq,,,,30", ',')).containsExactly("testq", "", "", "", "30");
        assertThat(Text.splitArgs("default,t(45)c(test,wait,1)", ','))
                .containsExactly("default", "t(45)c(test,wait,1)");
    }

    @Test
    void callerIdForms() {
        assertThat(Text.parseCallerId("\"AMI Test\" <5551234>")).containsExactly("AMI Test", "5551234");
        assertThat(Text.parseCallerId("Bob <200>")).containsExactly("Bob", "200");
        assertThat(Text.parseCallerId("5551234")).containsExactly("", "5551234");
        assertThat(Text.parseCallerId("Alice")).containsExactly("Alice", "");
        assertThat(Text.parseCallerId(null)).containsExactly("", "");
    }

    @Test
    void escapingAsTheChannelBlockDoes() {
        assertThat(Text.cEscape("O'Brien \"x\" a\\b?\n")).isEqualTo("O\\'Brien \\\"x\\\" a\\\\b\\?\\n");
        assertThat(Text.cEscape("plain")).isEqualTo("plain");
    }

    @Test
    void causeTextsAndDialStatuses() {
        assertThat(Text.causeText(16)).isEqualTo("Normal Clearing");
        assertThat(Text.causeText(17)).isEqualTo("User busy");
        assertThat(Text.causeText(0)).isEqualTo("Unknown");
        assertThat(Text.dialStatusFor(17)).isEqualTo("BUSY");
        assertThat(Text.dialStatusFor(34)).isEqualTo("CONGESTION");
        assertThat(Text.hms(3725)).isEqualTo("01:02:05");
    }
}
