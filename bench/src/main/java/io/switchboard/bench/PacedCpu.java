package io.switchboard.bench;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Subscription;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Paced events (e.g. 50,000/s) into a Switchboard client in this JVM, after a warm-up of 100,000: wire-to-listener
 * latency percentiles and the CPU time of the client's own threads per event, thread by thread. CPU time, not
 * wall time, is what stays comparable on a shared, loaded machine; alternate two builds' jars run by run to
 * compare them: {@code java -cp bench/target/switchboard-bench.jar io.switchboard.bench.PacedCpu 50000 200000}.
 * Threads are counted by name ({@code switchboard-*}) just before the client closes, so the reader is included.
 */
public final class PacedCpu {
    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        int events = Integer.parseInt(args[1]);
        Corpus corpus = Corpus.load();
        try (BlastServer warm = new BlastServer(corpus, BlastServer.Plan.paced(rate, 100_000));
             BlastServer paced = new BlastServer(corpus, BlastServer.Plan.paced(rate, events))) {
            run(warm.port(), 100_000, false);
            run(paced.port(), events, true);
        }
        System.exit(0);
    }

    static void run(int port, int expected, boolean print) throws Exception {
        try (AmiClient client = AmiClient.connect(AmiConfig.builder().host("127.0.0.1").port(port)
                .username(BlastServer.USER).secret(BlastServer.SECRET).events("off").build())) {
            long[] lat = new long[expected];
            int[] n = new int[1];
            CountDownLatch done = new CountDownLatch(1);
            Subscription sub = client.onAny(e -> {
                String ts = e.get("Timestamp");
                if (ts != null) {
                    long now = nowMicros();
                    if (n[0] < lat.length) {
                        lat[n[0]++] = now - parseMicros(ts);
                    }
                } else if (e.is("UserEvent") && "BenchEnd".equals(e.get("UserEvent"))) {
                    done.countDown();
                }
            });
            Map<Long, Long> before = cpu();
            client.send(Action.named("Events").header("EventMask", "on"));
            done.await(120, TimeUnit.SECONDS);
            Map<Long, Long> after = cpu();
            sub.close();
            long total = 0;
            StringBuilder per = new StringBuilder();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                total += d;
                ThreadInfo ti = mx.getThreadInfo(e.getKey());
                per.append(String.format(" [%s %.2f]", ti == null ? "?" : ti.getThreadName().replaceAll("switchboard-", ""), d / 1e3 / expected));
            }
            long[] l = Arrays.copyOf(lat, n[0]);
            Arrays.sort(l);
            if (print) {
                System.out.printf("n=%d p50=%d p90=%d p99=%d p99.9=%d max=%d us; client threads CPU %.2f us/event,"
                        + " %d client threads%n", l.length, l[l.length / 2], l[(int) (l.length * 0.9)],
                        l[(int) (l.length * 0.99)], l[(int) (l.length * 0.999)], l[l.length - 1],
                        total / 1e3 / l.length, after.size());
                System.out.println(per);
            }
        }
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static long parseMicros(String s) {
        int dot = s.indexOf('.');
        String frac = (s.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(s.substring(0, dot)) * 1_000_000L + Long.parseLong(frac);
    }

    private static Map<Long, Long> cpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> m = new HashMap<>();
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("switchboard")) {
                m.put(ti.getThreadId(), mx.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return m;
    }
}
