package io.switchboard.bench.jmh;

import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.bench.Corpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * {@link PacketDecoder} on the whole event-storm recording from memory, fed in 64 KiB slices as the socket
 * reader feeds it. One operation is one packet, so the score is packets/s and {@code gc.alloc.rate.norm} is
 * bytes allocated per packet; bytes/s = score x {@link #BYTES_PER_PACKET}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {
    /** Packets in {@code event_storm.recv} (checked in setup). */
    public static final int PACKETS = 16_362;
    private static final int SLICE = 64 * 1024;

    private byte[] data;

    /** Average wire bytes per packet of the recording (banner included). */
    public static double bytesPerPacket(Corpus corpus) {
        return corpus.raw().length / (double) PACKETS;
    }

    @Setup
    public void load() {
        data = Corpus.load().raw();
        int[] n = new int[1];
        decode(p -> n[0]++);
        if (n[0] != PACKETS) {
            throw new IllegalStateException("corpus has " + n[0] + " packets, expected " + PACKETS);
        }
    }

    private void decode(PacketDecoder.Handler handler) {
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, true, handler);
        for (int off = 0; off < data.length; off += SLICE) {
            d.feed(data, off, Math.min(SLICE, data.length - off));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void decodeCorpus(Blackhole bh) {
        decode(bh::consume);
    }
}
