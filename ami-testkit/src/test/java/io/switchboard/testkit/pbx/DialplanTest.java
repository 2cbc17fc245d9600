package io.switchboard.testkit.pbx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DialplanTest {
    @Test
    void labDialplanHasTheRecordedExtensions() {
        Dialplan dp = Dialplan.lab();
        assertThat(dp.find("test", "setvar", 5)).isEqualTo(
                new Dialplan.Step("UserEvent", "TestEvent,Foo: bar,Baz: qux", null));
        assertThat(dp.find("test", "hangup", 1).args()).isEqualTo("17");
        assertThat(dp.find("test", "park", 2).args()).isEqualTo("default,t(45)c(test,wait,1)");
        assertThat(dp.find("test", "storm", 2).args()).isEqualTo("STORMVAR=${RAND(1,1000)}");
        assertThat(dp.exists("test", "nosuchexten")).isFalse();
        assertThat(dp.exists("test", "i")).isTrue();
        assertThat(dp.globals()).containsEntry("LABGLOBAL", "lab");
    }

    @Test
    void patternsIncludesLabelsAndComments() {
        Dialplan dp = Dialplan.parse("""
                [globals]
                G = 1 ; comment
                [inner]
                exten => _2XX,1,NoOp(in\\;ner)
                 same => n(again),Wait(1)
                [outer]
                include => inner
                exten => _9.,1,Hangup()
                """);
        assertThat(dp.exists("outer", "200")).isTrue();
        assertThat(dp.exists("outer", "300")).isFalse();
        assertThat(dp.exists("outer", "9")).isFalse();
        assertThat(dp.exists("outer", "91")).isTrue();
        assertThat(dp.find("outer", "250", 1).args()).isEqualTo("in;ner");
        assertThat(dp.findLabel("inner", "201", "again")).isEqualTo(2);
        assertThat(dp.globals()).containsEntry("G", "1");
    }
}
