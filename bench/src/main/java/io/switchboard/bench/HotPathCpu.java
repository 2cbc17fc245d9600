package io.switchboard.bench;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.Response;
import io.switchboard.ami.Subscription;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * CPU time per event or per round trip of the Switchboard client's own threads (and the calling thread), in one
 * JVM with the blast server: a figure that moves much less than events/s with the load other processes put on the
 * machine (cache pressure still shows: compare medians). For before/after comparisons of a change to
 * {@code ami}, run each build alternately, with {@code -XX:+AlwaysPreTouch} so that first-touch page faults of
 * the heap are not counted:
 * <pre>
 * java -cp bench/target/switchboard-bench.jar io.switchboard.bench.HotPathCpu ingest 20 5   # replays, runs
 * java -cp bench/target/switchboard-bench.jar io.switchboard.bench.HotPathCpu ping 200000 5 # pipelined, 64
 * java -cp bench/target/switchboard-bench.jar io.switchboard.bench.HotPathCpu seq 20000 5   # sequential
 * </pre>
 * With {@code -Duser=true} only user-mode CPU time is counted (the rest is the kernel: socket calls, futexes).
 * The first run of each kind is a warm-up and not printed. Per thread group: {@code reader}, {@code worker}
 * (event drainers), {@code completion} (future completions), {@code writer} (asynchronous sends),
 * {@code caller} (the thread sending actions).
 */
public final class HotPathCpu {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final Action PING = Action.named("Ping");

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Corpus corpus = Corpus.load();
        for (int r = 0; r <= runs; r++) {
            boolean print = r > 0;
            switch (mode) {
                case "ingest" -> ingest(corpus, n, print);
                case "ping" -> ping(corpus, n, 64, print);
                case "seq" -> ping(corpus, n, 1, print);
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.exit(0);
    }

    private static void ingest(Corpus corpus, int repeats, boolean print) throws Exception {
        try (BlastServer server = new BlastServer(corpus, BlastServer.Plan.blast(repeats));
             AmiClient client = connect(server.port())) {
            long[] events = new long[2];
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Subscription sub = client.onAny(e -> {
                String name = e.name();
                String uid = e.get("Uniqueid"); // two headers of every event, as the bench's Counter reads
                events[1] += uid == null ? 0 : uid.length();
                if (name.length() == 9 && e.is("UserEvent") && "BenchEnd".equals(e.get("UserEvent"))) {
                    done.countDown();
                } else {
                    events[0]++;
                }
            });
            Map<Long, Long> before = cpu();
            long t0 = System.nanoTime();
            client.send(Action.named("Events").header("EventMask", "on"));
            done.await(300, TimeUnit.SECONDS);
            long wall = System.nanoTime() - t0;
            Map<Long, Long> after = cpu();
            sub.close();
            if (print) {
                report("ingest", events[0], wall, before, after);
            }
        }
    }

    private static void ping(Corpus corpus, int count, int window, boolean print) throws Exception {
        try (BlastServer server = new BlastServer(corpus, BlastServer.Plan.blast(1));
             AmiClient client = connect(server.port())) {
            Map<Long, Long> before = cpu();
            long t0 = System.nanoTime();
            if (window == 1) {
                for (int i = 0; i < count; i++) {
                    client.send(PING);
                }
            } else {
                Semaphore inFlight = new Semaphore(window);
                for (int i = 0; i < count; i++) {
                    inFlight.acquire();
                    CompletableFuture<Response> f = client.sendAsync(PING);
                    f.whenComplete((x, t) -> inFlight.release());
                }
                inFlight.acquire(window);
            }
            long wall = System.nanoTime() - t0;
            Map<Long, Long> after = cpu();
            if (print) {
                report(window == 1 ? "seq-ping" : "pipelined-ping", count, wall, before, after);
            }
        }
    }

    private static AmiClient connect(int port) {
        return AmiClient.connect(io.switchboard.ami.AmiConfig.builder().host("127.0.0.1").port(port)
                .username(BlastServer.USER).secret(BlastServer.SECRET).events("off").build());
    }

    private static void report(String what, long n, long wallNanos, Map<Long, Long> before, Map<Long, Long> after) {
        Map<String, Long> byGroup = new TreeMap<>();
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d <= 0) {
                continue;
            }
            ThreadInfo ti = MX.getThreadInfo(e.getKey());
            String name = ti == null ? "gone" : group(ti.getThreadName(), e.getKey());
            byGroup.merge(name, d, Long::sum);
            total += d;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s n=%d wall %.0f/s; client CPU %.3f us per op:", what, n, n * 1e9 / wallNanos,
                total / 1e3 / n));
        byGroup.forEach((k, v) -> sb.append(String.format(" %s %.3f", k, v / 1e3 / n)));
        long gcCount = 0;
        long gcMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += gc.getCollectionCount();
            gcMillis += gc.getCollectionTime();
        }
        sb.append(String.format("; GCs so far %d (%d ms)", gcCount, gcMillis));
        System.out.println(sb);
    }

    private static String group(String name, long id) {
        if (id == Thread.currentThread().getId()) {
            return "caller";
        }
        if (name.contains("reader")) {
            return "reader";
        }
        if (name.contains("completion")) {
            return "completion";
        }
        if (name.contains("writer")) {
            return "writer";
        }
        if (name.contains("timer")) {
            return "timer";
        }
        if (name.startsWith("switchboard")) {
            return "worker";
        }
        if (name.contains("Compiler")) {
            return "(jit)";
        }
        return name.startsWith("bench") || name.startsWith("blast") ? "(server)" : "(other)";
    }

    /** CPU time of the client's threads and this (calling) thread. Threads that ended meanwhile are not seen. */
    private static Map<Long, Long> cpu() {
        Map<Long, Long> m = new HashMap<>();
        boolean user = Boolean.getBoolean("user");
        for (ThreadInfo ti : MX.getThreadInfo(MX.getAllThreadIds())) {
            if (ti != null) {
                m.put(ti.getThreadId(), user ? MX.getThreadUserTime(ti.getThreadId())
                        : MX.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return m;
    }
}
