package io.switchboard.bench.jmh;

import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;
import io.switchboard.bench.Corpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Costs on one decoded packet, the first {@code Hangup} of the storm (a typical channel event, ~25 headers):
 * {@link Packet#get} of an early header ({@code Privilege}, 2nd line) and of the last one, a miss
 * ({@code ActionID}, which the client looks up on every packet it receives) and wrapping it in an {@link Event}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacketBenchmark {
    private Packet packet;
    private String earlyKey;
    private String lateKey;

    @Setup
    public void pick() {
        byte[] hangup = Corpus.load().events().stream()
                .filter(e -> new String(e, 0, 14, java.nio.charset.StandardCharsets.US_ASCII).equals("Event: Hangup\r"))
                .findFirst().orElseThrow();
        Packet[] out = new Packet[1];
        new PacketDecoder(DecoderLimits.DEFAULT, false, p -> out[0] = p).feed(hangup);
        packet = out[0];
        earlyKey = "privilege";              // case differs from the wire on purpose: lookups ignore case
        lateKey = packet.key(packet.size() - 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Number of headers of the packet under test. */
    public int headers() {
        return packet.size();
    }

    @Benchmark
    public String getEarly() {
        return packet.get(earlyKey);
    }

    @Benchmark
    public String getLate() {
        return packet.get(lateKey);
    }

    @Benchmark
    public String getMissing() {
        return packet.get("ActionID");
    }

    @Benchmark
    public Event newEvent() {
        return new Event(packet);
    }
}
