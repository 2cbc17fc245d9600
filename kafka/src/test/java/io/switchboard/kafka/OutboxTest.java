package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.internal.OutRecord;
import io.switchboard.kafka.internal.Outbox;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static OutRecord rec(String v) {
        return new OutRecord("t", "k", v.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsEveryDiscard() throws Exception {
        Outbox box = new Outbox(3, Long.MAX_VALUE, BufferOverflow.DROP_OLDEST);
        int dropped = 0;
        for (int i = 1; i <= 5; i++) {
            dropped += box.offer(rec("r" + i));
        }
        assertThat(dropped).isEqualTo(2);
        assertThat(box.size()).isEqualTo(3);
        assertThat(new String(box.poll(0).value(), StandardCharsets.UTF_8)).isEqualTo("r3");
    }

    @Test
    void dropNewestRefusesTheOfferedRecord() throws Exception {
        Outbox box = new Outbox(2, Long.MAX_VALUE, BufferOverflow.DROP_NEWEST);
        assertThat(box.offer(rec("a"))).isZero();
        assertThat(box.offer(rec("b"))).isZero();
        assertThat(box.offer(rec("c"))).isEqualTo(1);
        assertThat(new String(box.poll(0).value(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(box.poll(0).value(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(box.poll(0)).isNull();
    }

    @Test
    void theByteBoundAppliesAndAnOversizedRecordNeverFlushesTheBuffer() {
        long one = rec("0123456789").size();
        Outbox box = new Outbox(100, one * 2, BufferOverflow.DROP_OLDEST);
        assertThat(box.offer(rec("0123456789"))).isZero();
        assertThat(box.offer(rec("0123456789"))).isZero();
        assertThat(box.offer(rec("0123456789"))).isEqualTo(1);
        assertThat(box.offer(rec("x".repeat(1000)))).isEqualTo(1);
        assertThat(box.size()).isEqualTo(2);
        assertThat(box.clear()).isEqualTo(2);
        assertThat(box.size()).isZero();
    }
}
