package io.switchboard.ami.internal;

import io.switchboard.ami.EventListener;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Packet;
import io.switchboard.ami.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channel subscriptions on the {@link EventBus} itself: the test thread plays the reader and publishes packets,
 * each subscription delivers on the pool as in a client. Sequences number the published events, so each
 * subscription's list of sequences shows what it got and in which order.
 */
class ChannelSubscriptionBusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final EventBus bus = new EventBus(pool);
    private long sequence;

    @AfterEach
    void stop() throws InterruptedException {
        bus.closeAll();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Publishes an event named {@code name} with these headers; returns its sequence. */
    private long publish(String name, String... keysAndValues) {
        Packet.Builder b = Packet.builder().add("Event", name);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        long seq = ++sequence;
        bus.publish(b.build(), seq);
        return seq;
    }

    /** A subscription to {@code channels} (as onChannel would key them) recording sequences. */
    private Subscription follow(List<Long> into, String... channels) {
        return follow(into, 1000, OverflowPolicy.BLOCK, channels);
    }

    private Subscription follow(List<Long> into, int capacity, OverflowPolicy policy, String... channels) {
        return follow(e -> into.add(e.sequence()), capacity, policy, channels);
    }

    private Subscription follow(EventListener listener, int capacity, OverflowPolicy policy, String... channels) {
        String[] keys = java.util.Arrays.stream(channels).map(ChannelNames::key).distinct().toArray(String[]::new);
        return bus.subscribeChannels(keys, listener, capacity, policy);
    }

    private static List<Long> list() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Waits until every subscription has delivered what it queued, so "got nothing" can be asserted. */
    private void settle() throws InterruptedException {
        bus.drain(WAIT.toNanos());
    }

    @Test
    void matchesTheFullNameOrTheEndpoint() throws Exception {
        List<Long> endpoint = list();
        List<Long> full = list();
        List<Long> dashed = list();
        follow(endpoint, "PJSIP/alice");
        follow(full, "PJSIP/alice-00000001");
        follow(dashed, "PJSIP/alice-bob");
        long a1 = publish("Newchannel", "Channel", "PJSIP/alice-00000001");
        long a2 = publish("Newchannel", "Channel", "PJSIP/alice-00000002");
        long ab = publish("Newchannel", "Channel", "PJSIP/alice-bob-00000003");
        long bare = publish("PeerStatus", "Channel", "PJSIP/alice");
        settle();
        assertThat(endpoint).containsExactly(a1, a2, bare);
        assertThat(full).containsExactly(a1);
        assertThat(dashed).containsExactly(ab);
    }

    @Test
    void ignoresCaseOfValuesArgumentsAndKeys() throws Exception {
        List<Long> got = list();
        follow(got, "pjsip/ALICE");
        long upper = publish("Hangup", "CHANNEL", "PJSIP/Alice-0000000A");
        long lower = publish("DialBegin", "destchannel", "pjsip/alice-0000000b");
        settle();
        assertThat(got).containsExactly(upper, lower);
    }

    @Test
    void nonAsciiNamesMatchAsTheirJdkLowerCase() throws Exception {
        List<Long> jurgen = list();
        List<Long> dotless = list();
        follow(jurgen, "PJSIP/J\u00FCrgen");
        follow(dotless, "PJSIP/al\u0131ce");
        long upper = publish("Hangup", "Channel", "PJSIP/J\u00DCRGEN-00000001");
        publish("Hangup", "Channel", "PJSIP/ALICE-00000002"); // "alice" is not "al\u0131ce", whatever case
        long own = publish("Hangup", "Channel", "PJSIP/AL\u0131CE-00000003");
        settle();
        assertThat(jurgen).containsExactly(upper);
        assertThat(dotless).containsExactly(own);
    }

    @Test
    void prefixedSnapshotsAreChannelHeaders() throws Exception {
        List<Long> got = list();
        follow(got, "PJSIP/alice");
        long dial = publish("DialBegin", "Channel", "PJSIP/bob-00000001", "DestChannel", "PJSIP/alice-00000002");
        long transfer = publish("AttendedTransfer", "OrigTransfererChannel", "PJSIP/carol-3",
                "TransfereeChannel", "PJSIP/alice-00000004");
        long local = publish("LocalBridge", "LocalOneChannel", "Local/1@x-5;1", "LocalTwoChannel", "PJSIP/alice-6");
        publish("DialBegin", "Channel", "PJSIP/bob-00000001", "DestChannelState", "PJSIP/alice-00000002",
                "DestChannelX", "PJSIP/alice-00000002"); // keys that only contain "Channel" are not channel headers
        settle();
        assertThat(got).containsExactly(dial, transfer, local);
    }

    @Test
    void localHalvesMatchTheirEndpointOrExactlyTheirHalf() throws Exception {
        List<Long> endpoint = list();
        List<Long> half = list();
        follow(endpoint, "Local/100@default");
        follow(half, "Local/100@default-00000002;1");
        long one = publish("Newchannel", "Channel", "Local/100@default-00000002;1");
        long two = publish("Newchannel", "Channel", "Local/100@default-00000002;2");
        settle();
        assertThat(endpoint).containsExactly(one, two);
        assertThat(half).containsExactly(one);
    }

    @Test
    void otherChannelsDoNotMatch() throws Exception {
        List<Long> endpoint = list();
        List<Long> full = list();
        follow(endpoint, "PJSIP/alice");
        follow(full, "PJSIP/alice-00000001");
        publish("Newchannel", "Channel", "PJSIP/alic-00000001");
        publish("Newchannel", "Channel", "SIP/alice-00000001");
        publish("Newchannel", "Channel", "PJSIP/alice00000001", "Exten", "PJSIP/alice"); // Exten: no channel header
        publish("Newchannel", "Channel", "");
        publish("PJSIP/alice", "Uniqueid", "1.1"); // the event name is not a channel header
        publish("Newchannel", "CallerIDName", "PJSIP/alice-00000001");
        // By the rule, this one's endpoint is PJSIP/alice-00000001: the full-name subscription takes it.
        long longer = publish("Newchannel", "Channel", "PJSIP/alice-00000001-2");
        settle();
        assertThat(endpoint).isEmpty();
        assertThat(full).containsExactly(longer);
    }

    @Test
    void anEventNamingTheChannelTwiceIsDeliveredOnce() throws Exception {
        List<Long> endpoint = list();
        List<Long> both = list();
        follow(endpoint, "PJSIP/alice");
        follow(both, "PJSIP/alice", "PJSIP/bob", "PJSIP/alice-00000001", "pjsip/ALICE");
        long self = publish("DialBegin", "Channel", "PJSIP/alice-00000001", "DestChannel", "PJSIP/alice-00000002");
        long toBob = publish("DialBegin", "Channel", "PJSIP/alice-00000001", "DestChannel", "PJSIP/bob-00000003");
        settle();
        assertThat(endpoint).containsExactly(self, toBob);
        assertThat(both).containsExactly(self, toBob);
        assertThat(bus.channelKeyCount()).isEqualTo(3);
    }

    @Test
    void eventsArriveInWireOrderAlongsideOtherSubscriptions() throws Exception {
        List<Long> alice = list();
        List<Long> byName = list();
        follow(alice, "PJSIP/alice");
        bus.subscribe(new String[] {"hangup"}, e -> e.is("hangup"), e -> byName.add(e.sequence()), 1000,
                OverflowPolicy.BLOCK);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String channel = (i % 3 == 0 ? "PJSIP/bob-" : "PJSIP/alice-") + i;
            long seq = publish(i % 2 == 0 ? "Hangup" : "Newstate", "Channel", channel);
            if (i % 3 != 0) {
                expected.add(seq);
            }
        }
        await().atMost(WAIT).until(() -> alice.size() == expected.size() && byName.size() == 1000);
        assertThat(alice).isEqualTo(expected);
    }

    @Test
    void closingRemovesTheSubscriptionFromTheIndex() throws Exception {
        List<Long> first = list();
        List<Long> second = list();
        Subscription a = follow(first, "PJSIP/alice");
        Subscription b = follow(second, "PJSIP/alice", "PJSIP/bob");
        assertThat(bus.channelKeyCount()).isEqualTo(2);
        a.close();
        assertThat(bus.channelKeyCount()).as("alice still followed by the second").isEqualTo(2);
        long seen = publish("Hangup", "Channel", "PJSIP/alice-1");
        await().atMost(WAIT).until(() -> second.size() == 1); // closing discards what is still queued
        b.close();
        b.close();
        assertThat(bus.channelKeyCount()).isZero();
        assertThat(bus.publish(Packet.of("Event", "Hangup", "Channel", "PJSIP/alice-2"), ++sequence)).isFalse();
        settle();
        assertThat(first).isEmpty();
        assertThat(second).containsExactly(seen);
        assertThat(a.isActive()).isFalse();
    }

    @Test
    void dropOldestIsHonoured() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> got = list();
        Subscription sub = follow(e -> {
            awaitQuietly(release);
            got.add(e.sequence());
        }, 2, OverflowPolicy.DROP_OLDEST, "PJSIP/alice");
        long last = 0;
        for (int i = 0; i < 20; i++) {
            last = publish("Newstate", "Channel", "PJSIP/alice-" + i);
        }
        release.countDown();
        long lastSeq = last;
        await().atMost(WAIT).until(() -> got.contains(lastSeq) && sub.stats().queued() == 0);
        assertThat(sub.stats().delivered() + sub.stats().dropped()).isEqualTo(20);
        assertThat(sub.stats().dropped()).isPositive();
        assertThat(got).isSorted();
    }

    @Test
    void failClosesTheSubscriptionAndTakesItOutOfTheIndex() {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> other = list();
        Subscription failing = follow(e -> awaitQuietly(release), 1, OverflowPolicy.FAIL, "PJSIP/alice");
        follow(other, "PJSIP/bob");
        for (int i = 0; i < 10; i++) {
            publish("Newstate", "Channel", "PJSIP/alice-" + i, "ConnectedLineChannel", "PJSIP/bob-" + i);
        }
        release.countDown();
        assertThat(failing.isActive()).isFalse();
        assertThat(failing.stats().dropped()).isPositive();
        assertThat(bus.channelKeyCount()).isEqualTo(1);
        await().atMost(WAIT).until(() -> other.size() == 10);
    }

    @Test
    void blockLosesNothing() {
        List<Long> got = list();
        Subscription sub = follow(got, 2, OverflowPolicy.BLOCK, "PJSIP/alice");
        for (int i = 0; i < 500; i++) {
            publish("Newstate", "Channel", "PJSIP/alice-" + i);
        }
        await().atMost(WAIT).until(() -> got.size() == 500);
        assertThat(got).isSorted();
        assertThat(sub.stats().dropped()).isZero();
    }

    @Test
    void subscribingAndClosingWhileEventsFlowIsSafe() throws Exception {
        List<Long> steady = list();
        follow(steady, "PJSIP/alice");
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        String[][] churned = {{"PJSIP/alice"}, {"PJSIP/bob"}, {"PJSIP/alice-00000001", "PJSIP/bob"}, {"SIP/carol"}};
        List<Thread> churners = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int offset = t;
            Thread churner = new Thread(() -> {
                int i = offset;
                try {
                    while (!stop.get()) {
                        Subscription s = follow(e -> { }, 8, OverflowPolicy.DROP_OLDEST, churned[i++ % churned.length]);
                        s.close();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "churn-" + t);
            churners.add(churner);
            churner.start();
        }
        List<Long> expected = new ArrayList<>();
        try {
            for (int i = 0; i < 20_000; i++) {
                long seq = publish("Newstate", "Channel", (i % 2 == 0 ? "PJSIP/alice-00000001" : "PJSIP/bob-2"),
                        "DestChannel", "PJSIP/alice-00000009");
                expected.add(seq);
            }
        } finally {
            stop.set(true);
            for (Thread t : churners) {
                t.join(WAIT.toMillis());
            }
        }
        assertThat(errors).isEmpty();
        await().atMost(WAIT).until(() -> steady.size() == expected.size());
        assertThat(steady).isEqualTo(expected);
        assertThat(bus.channelKeyCount()).as("only the steady subscription's key is left").isEqualTo(1);
    }

    @Test
    void closeAllReachesChannelSubscriptions() {
        Subscription sub = follow(list(), "PJSIP/alice");
        bus.closeAll();
        assertThat(sub.isActive()).isFalse();
        assertThat(bus.channelKeyCount()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
