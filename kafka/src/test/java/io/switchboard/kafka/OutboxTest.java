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
            dropped += box.offer(rec("r" + i)).dropped();
        }
        assertThat(dropped).isEqualTo(2);
        assertThat(box.size()).isEqualTo(3);
        assertThat(new String(box.poll(0).value(), StandardCharsets.UTF_8)).isEqualTo("r3");
    }

    @Test
    void dropNewestRefusesTheOfferedRecord() throws Exception {
        Outbox box = new Outbox(2, Long.MAX_VALUE, BufferOverflow.DROP_NEWEST);
        assertThat(box.offer(rec("a"))).isEqualTo(new Outbox.Offered(true, 0));
        assertThat(box.offer(rec("b"))).isEqualTo(new Outbox.Offered(true, 0));
        assertThat(box.offer(rec("c"))).isEqualTo(new Outbox.Offered(false, 1));
        assertThat(new String(box.poll(0).value(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(box.poll(0).value(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(box.poll(0)).isNull();
    }

    @Test
    void theByteBoundAppliesAndAnOversizedRecordNeverFlushesTheBuffer() {
        long one = rec("0123456789").size();
        Outbox box = new Outbox(100, one * 2, BufferOverflow.DROP_OLDEST);
        assertThat(box.offer(rec("0123456789"))).isEqualTo(new Outbox.Offered(true, 0));
        assertThat(box.offer(rec("0123456789"))).isEqualTo(new Outbox.Offered(true, 0));
        assertThat(box.offer(rec("0123456789"))).isEqualTo(new Outbox.Offered(true, 1));
        assertThat(box.offer(rec("x".repeat(1000)))).as("never fits: refused, nothing else discarded")
                .isEqualTo(new Outbox.Offered(false, 1));
        assertThat(box.size()).isEqualTo(2);
        assertThat(box.clear()).isEqualTo(2);
        assertThat(box.size()).isZero();
    }

    private static OutRecord call(String v) {
        return new OutRecord("c", "k", v.getBytes(StandardCharsets.UTF_8), true);
    }

    private static String next(Outbox box) throws InterruptedException {
        OutRecord r = box.poll(0);
        return r == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    }

    @Test
    void dropOldestDiscardsEventsBeforeCallRecordsAndKeepsTheOrderOfArrival() throws Exception {
        Outbox box = new Outbox(3, Long.MAX_VALUE, BufferOverflow.DROP_OLDEST);
        box.offer(call("c1"));
        box.offer(rec("e1"));
        box.offer(rec("e2"));
        assertThat(box.offer(rec("e3"))).isEqualTo(new Outbox.Offered(true, 1)); // e1 goes, not the older c1
        assertThat(box.offer(call("c2"))).isEqualTo(new Outbox.Offered(true, 1)); // e2 goes
        assertThat(next(box)).isEqualTo("c1");
        assertThat(next(box)).isEqualTo("e3");
        assertThat(next(box)).isEqualTo("c2");
        assertThat(next(box)).isNull();

        // Nothing but call records: an event never displaces one; a call record displaces the oldest.
        Outbox calls = new Outbox(2, Long.MAX_VALUE, BufferOverflow.DROP_OLDEST);
        calls.offer(call("c1"));
        calls.offer(call("c2"));
        assertThat(calls.offer(rec("e1"))).isEqualTo(new Outbox.Offered(false, 1));
        assertThat(calls.offer(call("c3"))).isEqualTo(new Outbox.Offered(true, 1));
        assertThat(next(calls)).isEqualTo("c2");
        assertThat(next(calls)).isEqualTo("c3");
    }

    @Test
    void dropNewestMakesRoomForACallRecordByDiscardingTheNewestEvent() throws Exception {
        Outbox box = new Outbox(3, Long.MAX_VALUE, BufferOverflow.DROP_NEWEST);
        box.offer(rec("e1"));
        box.offer(rec("e2"));
        box.offer(rec("e3"));
        assertThat(box.offer(rec("e4"))).isEqualTo(new Outbox.Offered(false, 1));
        assertThat(box.offer(call("c1"))).isEqualTo(new Outbox.Offered(true, 1)); // e3 goes
        assertThat(box.offer(call("c2"))).isEqualTo(new Outbox.Offered(true, 1)); // e2 goes
        assertThat(box.offer(call("c3"))).isEqualTo(new Outbox.Offered(true, 1)); // e1 goes
        assertThat(box.offer(call("c4"))).isEqualTo(new Outbox.Offered(false, 1)); // only call records left
        assertThat(next(box)).isEqualTo("c1");
        assertThat(next(box)).isEqualTo("c2");
        assertThat(next(box)).isEqualTo("c3");
        assertThat(next(box)).isNull();
    }
}
