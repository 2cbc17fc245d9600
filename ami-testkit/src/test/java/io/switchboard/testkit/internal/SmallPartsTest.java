package io.switchboard.testkit.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmallPartsTest {
    @Test
    void writeSplitting() {
        FaultState f = new FaultState();
        assertThat(f.chunkEnds(5)).containsExactly(5);
        f.splitEvery(2);
        assertThat(f.chunkEnds(5)).containsExactly(2, 4, 5);
        f.splitAt(new int[] {3, 1, 9});
        assertThat(f.chunkEnds(5)).containsExactly(1, 2, 3, 4, 5);
        f.clear();
        f.splitAt(new int[] {0, 5});
        assertThat(f.chunkEnds(5)).containsExactly(5);
    }

    @Test
    void uptimeTextLikeAsterisk() {
        assertThat(CliCommands.duration(0)).isEqualTo("0 seconds");
        assertThat(CliCommands.duration(1)).isEqualTo("1 second");
        assertThat(CliCommands.duration(137)).isEqualTo("2 minutes, 17 seconds");
        assertThat(CliCommands.duration(97)).isEqualTo("1 minute, 37 seconds");
        assertThat(CliCommands.duration(7200)).isEqualTo("2 hours");
        assertThat(CliCommands.duration(90061)).isEqualTo("1 day, 1 hour, 1 minute, 1 second");
    }

    @Test
    void accountsNeverShowTheirSecret() {
        assertThat(new Account("admin", "amp111", "all", "all").toString()).doesNotContain("amp111");
    }

    @Test
    void catalogKnowsWriteClasses() {
        ActionCatalog catalog = ActionCatalog.get();
        assertThat(catalog.writeClasses("PING")).isZero();
        assertThat(catalog.writeClasses("originate")).isEqualTo(Perms.bit("originate"));
        assertThat(catalog.writeClasses("Status")).isEqualTo(Perms.bit("system") | Perms.bit("call")
                | Perms.bit("reporting"));
        assertThat(catalog.isAsteriskAction("Queues")).isFalse();
        assertThat(catalog.listCommands().get(0)[0]).isEqualTo("AbsoluteTimeout");
    }
}
