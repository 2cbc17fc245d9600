package io.switchboard.bench;

import java.util.List;

/**
 * How much work each scenario does: the full run (about 5 minutes on 2 cores) or {@code --quick} (about a
 * minute, for a smoke check; numbers are noisier).
 */
record Settings(boolean quick, int repeats, int warmups, int runs, int seqPings, int pipePings, int window,
                int pacedRate, int pacedEvents, int memoryRepeats, int slowRepeats, long slowWorkNanos,
                int jmhWarmups, int jmhIterations, int limitSeconds, List<String> clients, boolean jmh) {

    static final List<String> ALL_CLIENTS = List.of("raw", "switchboard", "asterisk-java");

    /**
     * JVM flags of every client JVM (the memory run replaces the heap size). {@code AlwaysPreTouch}: without it
     * the first pass of allocation over the fresh 1 GB heap page-faults in the kernel, on the allocating thread
     * (measured: about half of Switchboard's reader CPU per event in a 20-replay run), a start-up cost a
     * long-running client pays once, which would be charged to the clients that allocate and not to raw.
     */
    static final List<String> CLIENT_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    /**
     * The paced latency run's JVM: a small heap, not pre-touched. On this VM a process holding a large pre-touched
     * heap saw the whole machine stall for 20-40 ms about every 0.55 s (raw included, with no GC and no allocation;
     * an idle pre-touched JVM next to an untouched client caused it too), which is what set every client's p99.
     * At 50,000 events/s no client needs more than this heap.
     */
    static final List<String> PACED_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    static Settings fullRun() {
        return new Settings(false, 50, 2, 5, 20_000, 200_000, 64, 50_000, 500_000, 100, 5, 10_000,
                3, 5, 180, ALL_CLIENTS, true);
    }

    static Settings quickRun() {
        return new Settings(true, 10, 1, 5, 2_000, 20_000, 64, 50_000, 100_000, 100, 2, 10_000,
                1, 2, 120, ALL_CLIENTS, true);
    }

    Settings withClients(List<String> c) {
        return new Settings(quick, repeats, warmups, runs, seqPings, pipePings, window, pacedRate, pacedEvents,
                memoryRepeats, slowRepeats, slowWorkNanos, jmhWarmups, jmhIterations, limitSeconds, c, jmh);
    }

    Settings withoutJmh() {
        return new Settings(quick, repeats, warmups, runs, seqPings, pipePings, window, pacedRate, pacedEvents,
                memoryRepeats, slowRepeats, slowWorkNanos, jmhWarmups, jmhIterations, limitSeconds, clients, false);
    }
}
