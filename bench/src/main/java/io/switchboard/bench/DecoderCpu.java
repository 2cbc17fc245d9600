package io.switchboard.bench;

import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The decoder's cost in CPU time: decodes the recording from memory in 64 KiB slices, after a warm-up, and
 * divides by this thread's CPU time rather than wall time, so that other work on the machine does not count
 * against it ("GB/s on one core").
 */
final class DecoderCpu {
    /** Bytes decoded per CPU-second and packets per CPU-second. */
    record Result(double bytesPerCpuSecond, double packetsPerCpuSecond, int passes) {
    }

    private DecoderCpu() {
    }

    static Result measure(Corpus corpus, int warmups, int passes) {
        byte[] data = corpus.raw();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] sink = new long[1];
        for (int i = 0; i < warmups; i++) {
            pass(data, sink);
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long packets = 0;
        for (int i = 0; i < passes; i++) {
            packets += pass(data, sink);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (sink[0] == 42) {
            System.err.print(""); // keeps the results alive
        }
        return new Result((double) data.length * passes * 1e9 / cpu, packets * 1e9 / cpu, passes);
    }

    private static long pass(byte[] data, long[] sink) {
        long[] n = new long[1];
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, true, p -> {
            n[0]++;
            sink[0] += p.size();
        });
        for (int off = 0; off < data.length; off += 64 * 1024) {
            d.feed(data, off, Math.min(64 * 1024, data.length - off));
        }
        return n[0];
    }
}
