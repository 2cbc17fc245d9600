package io.switchboard.bench;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.bench.jmh.DecoderBenchmark;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusTest {
    private static final Corpus CORPUS = Corpus.load();

    @Test
    void splitsTheStormLikeTheClientDecoder() {
        List<Packet> decoded = new ArrayList<>();
        new PacketDecoder(DecoderLimits.DEFAULT, true, decoded::add).feed(CORPUS.raw());
        assertThat(CORPUS.packetCount()).isEqualTo(decoded.size()).isEqualTo(DecoderBenchmark.PACKETS);
        long events = decoded.stream().filter(p -> p.kind() == Packet.Kind.EVENT).count();
        assertThat(CORPUS.eventCount()).isEqualTo(events);
    }

    @Test
    void eventBytesAreTheEventPacketsBackToBack() {
        List<Packet> decoded = new ArrayList<>();
        new PacketDecoder(DecoderLimits.DEFAULT, false, decoded::add).feed(CORPUS.eventBytes());
        assertThat(decoded).hasSize(CORPUS.eventCount()).allMatch(p -> p.kind() == Packet.Kind.EVENT);
    }

    @Test
    void stampPutsTimestampAfterPrivilege() {
        byte[] e = "Event: Hangup\r\nPrivilege: call,all\r\nUniqueid: 1.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        String s = new String(Corpus.stamped(e, 1_795_674_381_000_042L), StandardCharsets.US_ASCII);
        assertThat(s).isEqualTo("Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: 1795674381.000042\r\n"
                + "Uniqueid: 1.2\r\n\r\n");
    }

    @Test
    void noRecordedEventLooksLikeTheSentinel() {
        String sentinel = new String(Corpus.SENTINEL, StandardCharsets.US_ASCII);
        assertThat(CORPUS.events()).noneMatch(e -> new String(e, StandardCharsets.US_ASCII).equals(sentinel));
    }
}
