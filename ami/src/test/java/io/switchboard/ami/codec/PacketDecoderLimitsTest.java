package io.switchboard.ami.codec;

import io.switchboard.ami.ProtocolException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Limits turn hostile input into a {@link ProtocolException}, after which the decoder refuses more bytes. */
class PacketDecoderLimitsTest {
    private static final DecoderLimits SMALL = new DecoderLimits(64, 4, 256);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static void assertDead(PacketDecoder d) {
        assertThatThrownBy(() -> d.feed(ascii("Event: A\r\n\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("already failed");
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new DecoderLimits(63, 1, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecoderLimits(64, 0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecoderLimits(128, 1, 127)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DecoderLimits(64, 1, 64).maxHeaders()).isEqualTo(1);
        assertThat(DecoderLimits.DEFAULT).isEqualTo(new DecoderLimits(1 << 20, 100_000, 16 << 20));
    }

    @Test
    void lineAtTheLimitIsAcceptedOneMoreIsNot() {
        String atLimit = "K: " + repeat('a', 61);                      // 64 bytes
        assertThat(Decoding.decode(ascii(atLimit + "\r\n\r\n"), false, SMALL, n -> n).packets()).hasSize(1);

        PacketDecoder d = new PacketDecoder(SMALL, false, new Decoding.Collector());
        assertThatThrownBy(() -> d.feed(ascii(atLimit + "a\r\n\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("line longer than 64");
        assertDead(d);
    }

    @Test
    void unterminatedLongLineFailsBeforeItsEndArrives() {
        PacketDecoder d = new PacketDecoder(SMALL, false, new Decoding.Collector());
        d.feed(ascii("Event: A\r\nK: " + repeat('a', 61)));
        assertThatThrownBy(() -> d.feed(ascii("a"))).isInstanceOf(ProtocolException.class);
        assertDead(d);
        // finish() after the failure does not throw again: the failure has already been reported.
        d.finish();
    }

    @Test
    void tooManyHeaders() {
        assertThat(Decoding.decode(ascii("A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"), false, SMALL, n -> n).packets())
                .hasSize(1);
        PacketDecoder d = new PacketDecoder(SMALL, false, new Decoding.Collector());
        assertThatThrownBy(() -> d.feed(ascii("A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("more than 4 headers");
        assertDead(d);
    }

    @Test
    void headerCountIsPerPacket() {
        String four = "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
        assertThat(Decoding.decode(ascii(four.repeat(50)), false, SMALL, n -> 3).packets()).hasSize(50);
    }

    @Test
    void packetTooLarge() {
        String line = "K: " + repeat('b', 57) + "\r\n";                 // 62 bytes with CRLF
        assertThat(Decoding.decode(ascii(line.repeat(4) + "\r\n"), false, new DecoderLimits(64, 10, 256), n -> n)
                .packets()).hasSize(1);
        PacketDecoder d = new PacketDecoder(new DecoderLimits(64, 10, 256), false, new Decoding.Collector());
        assertThatThrownBy(() -> d.feed(ascii(line.repeat(5) + "\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("packet larger than 256");
        assertDead(d);
    }

    @Test
    void packetLimitIsPerPacket() {
        String packet = ("K: " + repeat('b', 57) + "\r\n").repeat(3) + "\r\n";
        assertThat(Decoding.decode(ascii(packet.repeat(100)), false, new DecoderLimits(64, 10, 256), n -> 5)
                .packets()).hasSize(100);
    }

    @Test
    void finishMidPacketOrMidLineIsAProtocolException() {
        for (String tail : new String[] {"Event: A\r\n", "Event: A", "Event: A\r\n\r", "\r"}) {
            PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, false, new Decoding.Collector());
            d.feed(ascii("Event: Done\r\n\r\n" + tail));
            assertThat(d.inPacket()).as(tail).isTrue();
            assertThatThrownBy(d::finish).as(tail).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("stream ended inside a packet");
            assertDead(d);
        }
    }

    @Test
    void finishBetweenPacketsIsFine() {
        for (String wire : new String[] {"", "Asterisk Call Manager/11.0.0\r\n", "Event: A\r\n\r\n\r\n"}) {
            PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, true, new Decoding.Collector());
            d.feed(ascii(wire));
            assertThat(d.inPacket()).isFalse();
            d.finish();
        }
    }

    @Test
    void hugeLineFedOneByteAtATimeUsesBoundedMemory() {
        int max = 1 << 20;
        PacketDecoder d = new PacketDecoder(new DecoderLimits(max, 10, 2 * max), false, new Decoding.Collector());
        com.sun.management.ThreadMXBean mx = threadBean();
        long tid = Thread.currentThread().getId();
        byte[] one = {'x'};
        d.feed(ascii("Event: Big\r\nK: "));
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 3; i < max; i++) {
            d.feed(one, 0, 1);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        // The buffer doubles up to the limit: a few MiB, never anything proportional to the number of reads.
        assertThat(allocated).isLessThan(16L << 20);
        assertThat(d.inPacket()).isTrue();
        // The line holds exactly max bytes; the next byte makes it too long, before any terminator arrives.
        assertThatThrownBy(() -> d.feed(one, 0, 1)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("line longer than " + max);
        assertDead(d);
    }

    @Test
    void hugeLineExactlyAtTheLimitStillDecodes() {
        int max = 1 << 16;
        byte[] line = new byte[max];
        Arrays.fill(line, (byte) 'y');
        line[0] = 'K';
        line[1] = ':';
        line[2] = ' ';
        Decoding.Collector c = new Decoding.Collector();
        PacketDecoder d = new PacketDecoder(new DecoderLimits(max, 10, 2 * max), false, c);
        for (byte b : line) {
            d.feed(new byte[] {b}, 0, 1);
        }
        d.feed(ascii("\r\n\r\n"));
        d.finish();
        assertThat(c.packets).hasSize(1);
        assertThat(c.packets.get(0).get("K")).hasSize(max - 3);
    }

    @Test
    void lineAtTheLimitDoesNotDependOnWhereTheReadEnds() {
        String atLimit = "K: " + repeat('a', 61);                      // 64 bytes, the maximum
        PacketDecoder d = new PacketDecoder(SMALL, false, new Decoding.Collector());
        d.feed(ascii(atLimit + "\r"));                                  // throws "line longer than 64 bytes"
        d.feed(ascii("\n\r\n"));
        d.finish();
    }

    @Test
    void packetAtTheLimitDoesNotDependOnWhereTheReadEnds() {
        DecoderLimits limits = new DecoderLimits(64, 10, 128);
        String packet = "A: " + repeat('a', 61) + "\r\n" + "B: " + repeat('b', 59);   // 66 + 62 = 128 bytes
        assertThat(Decoding.decode(ascii(packet + "\r\n\r\n"), false, limits, n -> n).packets()).hasSize(1);
        PacketDecoder d = new PacketDecoder(limits, false, new Decoding.Collector());
        d.feed(ascii(packet + "\r"));                                   // throws "packet larger than 128 bytes"
        d.feed(ascii("\n\r\n"));
        d.finish();
    }

    @Test
    void packetAtTheLimitDoesNotDependOnWhetherTheBlankLineIsInTheSameRead() {
        DecoderLimits limits = new DecoderLimits(64, 10, 128);
        String packet = "A: " + repeat('a', 61) + "\n" + "B: " + repeat('b', 60);     // 65 + 63 = 128 bytes
        assertThat(Decoding.decode(ascii(packet + "\n\n"), false, limits, n -> n).packets()).hasSize(1);
        PacketDecoder d = new PacketDecoder(limits, false, new Decoding.Collector());
        d.feed(ascii(packet + "\n"));                                  // throws "packet larger than 128 bytes"
        d.feed(ascii("\n"));
        d.finish();
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeThat(mx.isThreadAllocatedMemorySupported()).isTrue();
        mx.setThreadAllocatedMemoryEnabled(true);
        return mx;
    }
}
