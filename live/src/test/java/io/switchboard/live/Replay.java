package io.switchboard.live;

import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Backoff;
import io.switchboard.ami.Packet;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.CallEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * A live model fed with exact event sequences: a FakeAsterisk without a simulated PBX whose list actions answer
 * what the test sets ({@link Lists}), and whose events are the ones the test pushes (from the real transcripts or
 * built from the catalog's header names). {@link #settle()} waits until the model and its listeners have handled
 * everything pushed so far.
 */
final class Replay implements AutoCloseable {
    /** Name prefix of the channels {@link #settle()} uses as a barrier; listeners in tests ignore them. */
    static final String BARRIER = "Barrier/";

    final FakeAsterisk fake;
    final Lists lists = new Lists();
    final AsteriskServer server;
    private final List<String> barriersSeen = new CopyOnWriteArrayList<>();
    private int barriers;

    Replay() {
        fake = FakeAsterisk.builder().loginDelay(Duration.ZERO).callEngine(sink -> lists).start();
        lists.fake = fake;
        server = AsteriskServer.connect(AmiConfig.builder().host(fake.host()).port(fake.port())
                .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET)
                .actionTimeout(Duration.ofSeconds(10)).backoff(Backoff.fixed(Duration.ofMillis(50))).build());
        server.addListener(new ServerListener() {
            @Override
            public void hungUp(Channel channel, HangupCause cause) {
                if (channel.name().startsWith(BARRIER)) {
                    barriersSeen.add(channel.uniqueid());
                }
            }
        });
    }

    void push(Packet... events) {
        for (Packet e : events) {
            fake.pushEvent(e);
        }
    }

    void push(List<Packet> events) {
        events.forEach(fake::pushEvent);
    }

    /**
     * Waits until the model applied every event pushed before and its listeners heard of them: a barrier channel
     * is created and hung up, and the model handles events and notifies listeners in order.
     */
    void settle() {
        String id = "barrier." + (++barriers);
        Chan b = new Chan(BARRIER + barriers, id, id);
        push(b.event("Newchannel", 0), b.hangup(16, "Normal Clearing"));
        await().atMost(LiveFixture.WAIT).until(() -> barriersSeen.contains(id));
    }

    /** The model's channels without the barriers. */
    List<Channel> channels() {
        return server.channels().stream().filter(c -> !c.name().startsWith(BARRIER)).toList();
    }

    @Override
    public void close() {
        server.close();
        fake.close();
    }

    // ---- transcripts ----

    /**
     * The broadcast events of a real recording (classpath resource of module {@code transcripts}), in order:
     * every {@code Event:} message except list items, which carry the recording client's ActionID.
     */
    static List<Packet> transcriptEvents(String name) {
        String text;
        try (InputStream in = Replay.class.getClassLoader()
                .getResourceAsStream("io/switchboard/transcripts/" + name + ".recv")) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Packet> out = new ArrayList<>();
        for (String message : text.split("\r\n\r\n")) {
            if (!message.startsWith("Event: ")) {
                continue; // banner, responses
            }
            Packet.Builder b = Packet.builder();
            boolean listItem = false;
            for (String line : message.split("\r\n")) {
                int colon = line.indexOf(": ");
                String key = colon < 0 ? line.substring(0, Math.max(0, line.length() - 1)) : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 2);
                listItem |= key.equals("ActionID") && !message.startsWith("Event: OriginateResponse")
                        && !message.startsWith("Event: UserEvent");
                b.add(key, value);
            }
            if (!listItem) {
                out.add(b.build());
            }
        }
        return out;
    }

    // ---- events built from the catalog's header names (ami-protocol.md §13.1) ----

    /** One channel, as the channel block describes it; {@code with*} give changed copies. */
    record Chan(String name, String uniqueid, String linkedid, int state, CallerId callerId, CallerId connected,
                String context, String exten, int priority) {
        Chan(String name, String uniqueid, String linkedid) {
            this(name, uniqueid, linkedid, 0, CallerId.NONE, CallerId.NONE, "default", "s", 1);
        }

        Chan state(int s) {
            return new Chan(name, uniqueid, linkedid, s, callerId, connected, context, exten, priority);
        }

        Chan at(String ctx, String ext, int prio) {
            return new Chan(name, uniqueid, linkedid, state, callerId, connected, ctx, ext, prio);
        }

        /** With this caller ID; {@code wireName} as Asterisk sends it (C-escaped). */
        Chan callerId(String num, String wireName) {
            return new Chan(name, uniqueid, linkedid, state, new CallerId(wireName, num), connected, context, exten,
                    priority);
        }

        /** With this connected line; {@code wireName} as Asterisk sends it (C-escaped). */
        Chan connectedLine(String num, String wireName) {
            return new Chan(name, uniqueid, linkedid, state, callerId, new CallerId(wireName, num), context, exten,
                    priority);
        }

        Chan named(String newName) {
            return new Chan(newName, uniqueid, linkedid, state, callerId, connected, context, exten, priority);
        }

        /** Appends the channel block with {@code prefix}. */
        Packet.Builder block(Packet.Builder b, String prefix) {
            String p = prefix;
            return b.add(p + "Channel", name).add(p + "ChannelState", Integer.toString(state))
                    .add(p + "ChannelStateDesc", ChannelState.ofCode(Integer.toString(state)).name())
                    .add(p + "CallerIDNum", orUnknown(callerId.number()))
                    .add(p + "CallerIDName", orUnknown(callerId.name()))
                    .add(p + "ConnectedLineNum", orUnknown(connected.number()))
                    .add(p + "ConnectedLineName", orUnknown(connected.name()))
                    .add(p + "Language", "en").add(p + "AccountCode", "").add(p + "Context", context)
                    .add(p + "Exten", exten).add(p + "Priority", Integer.toString(priority))
                    .add(p + "Uniqueid", uniqueid).add(p + "Linkedid", linkedid);
        }

        /** An event whose only content is this channel's block (Newchannel, Newstate, Hold...), in this state. */
        Packet event(String name, int withState) {
            Chan c = state(withState);
            return c.block(head(name), "").build();
        }

        Packet event(String name) {
            return block(head(name), "").build();
        }

        private static String orUnknown(String s) {
            return s.isEmpty() ? "<unknown>" : s;
        }

        /** Its CoreShowChannels item (ActionID added by {@link Lists}). */
        Packet listed(String bridgeId) {
            return block(Packet.builder().add("Event", "CoreShowChannel"), "").add("BridgeId", bridgeId)
                    .add("Application", "Wait").add("ApplicationData", "600").add("Duration", "00:00:10").build();
        }

        /** A parking event (ParkedCall, UnParkedCall...) or, with {@code listItem}, the ParkedCalls item. */
        Packet parking(String event, String space, boolean listItem) {
            Packet.Builder b = listItem ? Packet.builder().add("Event", event) : head(event);
            return block(b, "Parkee").add("ParkerDialString", "PJSIP/operator").add("Parkinglot", "default")
                    .add("ParkingSpace", space).add("ParkingTimeout", "45").add("ParkingDuration", "0").build();
        }

        /** A queue caller event (QueueCallerJoin, QueueCallerLeave, QueueCallerAbandon). */
        Packet queue(String event, String queue, int position) {
            return block(Packet.builder().add("Event", event).add("Privilege", "agent,all"), "").add("Queue", queue)
                    .add("Position", Integer.toString(position)).add("Count", Integer.toString(position)).build();
        }

        /** Its QueueStatus item while it waits. */
        Packet queueEntry(String queue, int position) {
            return Packet.builder().add("Event", "QueueEntry").add("Queue", queue)
                    .add("Position", Integer.toString(position)).add("Channel", name).add("Uniqueid", uniqueid)
                    .add("CallerIDNum", "<unknown>").add("CallerIDName", "<unknown>")
                    .add("ConnectedLineNum", "<unknown>").add("ConnectedLineName", "<unknown>").add("Wait", "5")
                    .add("Priority", "0").build();
        }

        Packet hangup(int cause, String text) {
            return block(head("Hangup"), "").add("Cause", Integer.toString(cause)).add("Cause-txt", text).build();
        }
    }

    /** One bridge, as the bridge block describes it. */
    record Brg(String id, String type, String technology) {
        Packet.Builder block(Packet.Builder b, String prefix, int channels) {
            String p = prefix;
            return b.add(p + "BridgeUniqueid", id).add(p + "BridgeType", type)
                    .add(p + "BridgeTechnology", technology).add(p + "BridgeCreator", "<unknown>")
                    .add(p + "BridgeName", "<unknown>").add(p + "BridgeNumChannels", Integer.toString(channels))
                    .add(p + "BridgeVideoSourceMode", "none");
        }

        Packet event(String name, int channels) {
            return block(head(name), "", channels).build();
        }

        Packet enter(Chan c, int channels) {
            return c.block(block(head("BridgeEnter"), "", channels), "").build();
        }

        Packet enter(Chan c, int channels, Chan swap) {
            return c.block(block(head("BridgeEnter"), "", channels), "").add("SwapUniqueid", swap.uniqueid())
                    .build();
        }

        Packet leave(Chan c, int channels) {
            return c.block(block(head("BridgeLeave"), "", channels), "").build();
        }
    }

    /**
     * A queue member event (QueueMemberAdded, ...Status, ...Pause, ...Penalty, ...Removed: the member's whole
     * state) or, for {@code "QueueMember"}, the QueueStatus item (Name/Location instead of MemberName/Interface).
     */
    static Packet member(String event, String queue, String name, String iface, int penalty, boolean paused,
                         String reason) {
        boolean item = event.equals("QueueMember");
        Packet.Builder b = Packet.builder().add("Event", event);
        if (!item) {
            b.add("Privilege", "agent,all");
        }
        return b.add("Queue", queue).add(item ? "Name" : "MemberName", name).add(item ? "Location" : "Interface", iface)
                .add("StateInterface", iface).add("Membership", "dynamic").add("Penalty", Integer.toString(penalty))
                .add("CallsTaken", "0").add("LastCall", "0").add("LastPause", "0").add("LoginTime", "0")
                .add("InCall", "0").add("Status", "1").add("Paused", paused ? "1" : "0").add("PausedReason", reason)
                .add("Ringinuse", "1").add("Wrapuptime", "0").build();
    }

    /** The QueueStatus item that starts a queue's part of the list. */
    static Packet queueParams(String queue, int calls) {
        return Packet.builder().add("Event", "QueueParams").add("Queue", queue).add("Max", "0")
                .add("Strategy", "ringall").add("Calls", Integer.toString(calls)).add("Holdtime", "0")
                .add("TalkTime", "0").add("Completed", "0").add("Abandoned", "0").add("ServiceLevel", "0")
                .add("ServicelevelPerf", "0.0").add("ServicelevelPerf2", "0.0").add("Weight", "0").build();
    }

    /** {@code Event: name} and {@code Privilege: call,all}, as Asterisk starts call events. */
    static Packet.Builder head(String name) {
        return Packet.builder().add("Event", name).add("Privilege", "call,all");
    }

    /**
     * The list actions of the resync, answered from what the test set (empty lists by default). A hook may run
     * when a list was answered, to put events between the list and the resync's end marker.
     */
    static final class Lists implements CallEngine {
        private static final Map<String, String[]> NAMES = Map.of(
                "coreshowchannels", new String[] {"CoreShowChannelsComplete", "Channels will follow"},
                "bridgelist", new String[] {"BridgeListComplete", "Bridge listing will follow"},
                "queuestatus", new String[] {"QueueStatusComplete", "Queue status will follow"},
                "queuesummary", new String[] {"QueueSummaryComplete", "Queue summary will follow"},
                "parkedcalls", new String[] {"ParkedCallsComplete", "Parked calls will follow"});

        volatile FakeAsterisk fake;
        private final Map<String, List<Packet>> items = new ConcurrentHashMap<>();
        private final Map<String, Runnable> after = new ConcurrentHashMap<>();
        private final Map<String, Runnable> before = new ConcurrentHashMap<>();
        private final Set<String> failing = ConcurrentHashMap.newKeySet();

        /** What {@code action} (lower case) lists from now on: item events without ActionID. */
        void set(String action, List<Packet> list) {
            items.put(action, List.copyOf(list));
        }

        /**
         * Runs once, the next time {@code action} is answered, after its reply: events it pushes reach the model
         * after the resync's begin marker and before its end marker, and the list does not show them.
         */
        void after(String action, Runnable hook) {
            after.put(action, hook);
        }

        /**
         * Runs once, the next time {@code action} is asked for, before it is answered. Events pushed earlier have
         * been written by then (FakeAsterisk writes events between actions), so the hook may wait for the model
         * to apply them.
         */
        void before(String action, Runnable hook) {
            before.put(action, hook);
        }

        /** The next time {@code action} is asked for, it is refused (as a module that is busy or unloaded). */
        void fail(String action) {
            failing.add(action);
        }

        @Override
        public Set<String> actions() {
            return NAMES.keySet();
        }

        @Override
        public void handle(Packet action, Consumer<Packet> reply) {
            String name = action.get("Action").toLowerCase(java.util.Locale.ROOT);
            String id = action.get("ActionID");
            Runnable pre = before.remove(name);
            if (pre != null) {
                pre.run();
            }
            if (failing.remove(name)) {
                reply.accept(withId(Packet.builder().add("Response", "Error"), id)
                        .add("Message", "Internal failure").build());
                return;
            }
            List<Packet> list = items.getOrDefault(name, List.of());
            reply.accept(withId(Packet.builder().add("Response", "Success"), id).add("EventList", "start")
                    .add("Message", NAMES.get(name)[1]).build());
            for (Packet item : list) {
                Packet.Builder b = Packet.builder().add("Event", item.name());
                withId(b, id);
                for (int i = 1; i < item.size(); i++) {
                    b.add(item.key(i), item.value(i));
                }
                reply.accept(b.build());
            }
            reply.accept(withId(Packet.builder().add("Event", NAMES.get(name)[0]), id).add("EventList", "Complete")
                    .add("ListItems", Integer.toString(list.size())).build());
            Runnable post = after.remove(name);
            if (post != null) {
                post.run();
            }
        }

        private static Packet.Builder withId(Packet.Builder b, String id) {
            return id == null ? b : b.add("ActionID", id);
        }

        @Override
        public void close() {
        }
    }
}
