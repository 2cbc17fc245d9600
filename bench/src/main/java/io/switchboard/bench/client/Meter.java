package io.switchboard.bench.client;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures one run inside a client JVM: wall time, bytes allocated by all live threads (HotSpot's per-thread
 * counters, summed; a thread started during the run counts from zero) and GC count and time. A target calls
 * {@link #start()} just before it turns events on and {@link #stop()} as soon as the sentinel arrives.
 * Also the process CPU time, to tell cost from scheduling luck.
 */
public final class Meter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Long, Long> before = new HashMap<>();
    private long t0;
    private long gcCount0;
    private long gcMillis0;
    private long nanos;
    private long allocated;
    private long gcCount;
    private long gcMillis;
    private long cpu0;
    private long cpuNanos;

    public void start() {
        before.clear();
        snapshot(before);
        gcCount0 = gcCountNow();
        gcMillis0 = gcMillisNow();
        cpu0 = OS.getProcessCpuTime();
        t0 = System.nanoTime();
    }

    public void stop() {
        nanos = System.nanoTime() - t0;
        cpuNanos = OS.getProcessCpuTime() - cpu0;
        Map<Long, Long> after = new HashMap<>();
        snapshot(after);
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        allocated = sum;
        gcCount = gcCountNow() - gcCount0;
        gcMillis = gcMillisNow() - gcMillis0;
    }

    public long nanos() {
        return nanos;
    }

    /**
     * CPU time this JVM used during the run, all threads. On a machine shared with other work, events per
     * CPU-second shows the client's own cost where events per second also shows how much CPU it got.
     */
    public long cpuNanos() {
        return cpuNanos;
    }

    public long allocatedBytes() {
        return allocated;
    }

    public long gcCount() {
        return gcCount;
    }

    public long gcMillis() {
        return gcMillis;
    }

    private static void snapshot(Map<Long, Long> into) {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                into.put(ids[i], bytes[i]);
            }
        }
    }

    private static long gcCountNow() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillisNow() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
