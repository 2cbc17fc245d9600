package io.switchboard.ami.internal;

import io.switchboard.ami.Event;
import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;
import io.switchboard.ami.SubscriptionStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Parallel subscriptions ({@link KeyedSubscription}) on the {@link EventBus} itself: the test thread plays the
 * reader. Events carry their key in {@code Linkedid} and their sequence number, so each key's list of sequences
 * shows whether its order held.
 */
class ParallelSubscriptionBusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Function<Event, String> LINKEDID = e -> e.get("Linkedid");

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final EventBus bus = new EventBus(pool);
    private long sequence;

    @AfterEach
    void stop() throws InterruptedException {
        bus.closeAll();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Publishes a Newstate event of call {@code linkedid} (no Linkedid header when null); returns its sequence. */
    private long publish(String linkedid) {
        Packet.Builder b = Packet.builder().add("Event", "Newstate");
        if (linkedid != null) {
            b.add("Linkedid", linkedid);
        }
        long seq = ++sequence;
        bus.publish(b.build(), seq);
        return seq;
    }

    private Subscription parallel(int lanes, EventListener listener) {
        return bus.subscribeKeyed(e -> true, LINKEDID, lanes, listener, 1000, OverflowPolicy.BLOCK);
    }

    @Test
    void aSlowKeyDoesNotHoldUpTheOthersAndKeepsItsOwnOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        Map<String, List<Long>> got = new ConcurrentHashMap<>();
        // Find two keys in different lanes of a 4-lane subscription, so that "parallel" is certain for them.
        KeyedSubscription probe = (KeyedSubscription) parallel(4, e -> { });
        String slow = "call-0";
        String fast = null;
        for (int i = 1; fast == null; i++) {
            if (probe.lane(event("call-" + i)) != probe.lane(event(slow))) {
                fast = "call-" + i;
            }
        }
        probe.close();
        parallel(4, e -> {
            String key = e.get("Linkedid");
            if (key.equals(slow) && got.getOrDefault(slow, List.of()).isEmpty()) {
                slowStarted.countDown();
                waitFor(release);
            }
            got.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(e.sequence());
        });
        List<Long> slowSent = new ArrayList<>();
        List<Long> fastSent = new ArrayList<>();
        slowSent.add(publish(slow));
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            slowSent.add(publish(slow));
            fastSent.add(publish(fast));
        }
        String fastKey = fast;
        await().atMost(WAIT).until(() -> got.getOrDefault(fastKey, List.of()).size() == 5);
        assertThat(got.get(fast)).containsExactlyElementsOf(fastSent);
        assertThat(got.getOrDefault(slow, List.of())).as("the slow call waits for its first event").isEmpty();
        release.countDown();
        await().atMost(WAIT).until(() -> got.getOrDefault(slow, List.of()).size() == 6);
        assertThat(got.get(slow)).containsExactlyElementsOf(slowSent);
    }

    @Test
    void manyKeysOnManyThreadsEachKeepWireOrder() throws Exception {
        Map<String, List<Long>> got = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Subscription s = parallel(8, e -> {
            mostAtOnce.accumulateAndGet(inListener.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            got.computeIfAbsent(e.get("Linkedid"), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(e.sequence());
            inListener.decrementAndGet();
        });
        Map<String, List<Long>> sent = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            String key = "call-" + random.nextInt(300);
            sent.computeIfAbsent(key, k -> new ArrayList<>()).add(publish(key));
        }
        bus.drain(WAIT.toNanos());
        assertThat(got).isEqualTo(sent);
        assertThat(s.stats().delivered()).isEqualTo(20_000);
        assertThat(s.stats().queued()).isZero();
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(8);
    }

    @Test
    void eventsWithoutAKeyOrWhoseKeyThrowsAreOneOrderedStream() throws Exception {
        List<Long> noKey = Collections.synchronizedList(new ArrayList<>());
        Function<Event, Object> key = e -> {
            String id = e.get("Linkedid");
            if ("boom".equals(id)) {
                throw new IllegalStateException("key function failed");
            }
            return id;
        };
        bus.subscribeKeyed(e -> true, key, 4, e -> {
            String id = e.get("Linkedid");
            if (id == null || id.equals("boom")) {
                noKey.add(e.sequence());
            }
        }, 100, OverflowPolicy.BLOCK);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(publish(i % 2 == 0 ? null : "boom"));
            publish("other-" + i);
        }
        bus.drain(WAIT.toNanos());
        assertThat(noKey).containsExactlyElementsOf(expected);
    }

    @Test
    void theFilterRunsOnceAndAThrowingFilterDeliversNothing() throws Exception {
        AtomicInteger tests = new AtomicInteger();
        List<Long> got = Collections.synchronizedList(new ArrayList<>());
        bus.subscribeKeyed(e -> {
            tests.incrementAndGet();
            return !"bad".equals(e.get("Linkedid"));
        }, LINKEDID, 4, e -> got.add(e.sequence()), 100, OverflowPolicy.BLOCK);
        bus.subscribeKeyed(e -> {
            throw new IllegalStateException("filter failed");
        }, LINKEDID, 4, e -> got.add(-1L), 100, OverflowPolicy.BLOCK);
        long a = publish("a");
        publish("bad");
        long b = publish("b");
        bus.drain(WAIT.toNanos());
        assertThat(tests.get()).isEqualTo(3);
        assertThat(got).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aFullLaneUnderFailClosesTheWholeSubscription() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Subscription s = bus.subscribeKeyed(e -> true, LINKEDID, 2, e -> {
            started.countDown();
            waitFor(release);
        }, 2, OverflowPolicy.FAIL);
        publish("x");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5 && s.isActive(); i++) {
            publish("x"); // the drainer holds the first; two fit in the lane; the next one fails it
        }
        assertThat(s.isActive()).isFalse();
        release.countDown();
        assertThat(bus.publish(Packet.builder().add("Event", "Newstate").add("Linkedid", "y").build(), 99))
                .as("a closed subscription has left the bus").isFalse();
        assertThat(s.stats().dropped()).isPositive();
    }

    @Test
    void closeStopsDeliveryAndLeavesTheBus() throws Exception {
        List<Long> got = Collections.synchronizedList(new ArrayList<>());
        Subscription s = parallel(3, e -> got.add(e.sequence()));
        publish("a");
        bus.drain(WAIT.toNanos());
        s.close();
        s.close(); // idempotent
        assertThat(s.isActive()).isFalse();
        assertThat(bus.publish(Packet.builder().add("Event", "Newstate").add("Linkedid", "a").build(), 7)).isFalse();
        assertThat(got).hasSize(1);
        SubscriptionStats stats = s.stats();
        assertThat(stats.delivered()).isEqualTo(1);
    }

    @Test
    void oneLaneIsAnOrdinaryOrderedSubscription() throws Exception {
        List<Long> got = Collections.synchronizedList(new ArrayList<>());
        parallel(1, e -> got.add(e.sequence()));
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(publish("k" + (i % 7)));
        }
        bus.drain(WAIT.toNanos());
        assertThat(got).containsExactlyElementsOf(sent);
    }

    private static Event event(String linkedid) {
        return new Event(Packet.builder().add("Event", "Newstate").add("Linkedid", linkedid).build(), 0);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
