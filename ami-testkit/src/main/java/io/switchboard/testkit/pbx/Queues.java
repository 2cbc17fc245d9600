package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * app_queue, as far as the lab needs it: the queues {@code testq} (ringall, one static member) and
 * {@code stormq} (rrmemory, two), callers waiting with music on hold, members rung through Local channels, the
 * agent events, and the actions QueueStatus, QueueSummary and QueuePause. The member lifecycle events and list
 * items use the header names of the recordings.
 */
final class Queues {
    static final class Member {
        final String name;
        final String iface;
        /** Added by QueueAdd (removable by QueueRemove) rather than configured in queues.conf. */
        boolean dynamic;
        int penalty;
        boolean paused;
        String pausedReason = "";
        long lastPause;
        int callsTaken;
        long lastCall;
        boolean inCall;
        /** The attempt ringing this member, if any. */
        Outbound ringing;

        Member(String name, String iface) {
            this.name = name;
            this.iface = iface;
        }
    }

    static final class Caller {
        final SimChannel chan;
        final long joined;
        final Runnable next;
        boolean connected;

        Caller(SimChannel chan, long joined, Runnable next) {
            this.chan = chan;
            this.joined = joined;
            this.next = next;
        }
    }

    static final class Queue {
        final String name;
        final String strategy;
        final List<Member> members = new ArrayList<>();
        final List<Caller> callers = new ArrayList<>();
        int completed;
        int abandoned;
        long holdTotal;
        long talkTotal;
        int rrNext;

        Queue(String name, String strategy) {
            this.name = name;
            this.strategy = strategy;
        }
    }

    private final Pbx pbx;
    private final Events ev;
    final Map<String, Queue> queues = new LinkedHashMap<>();
    private final long loginTime;

    Queues(Pbx pbx) {
        this.pbx = pbx;
        this.ev = pbx.ev;
        this.loginTime = pbx.nowMillis() / 1000;
        Queue testq = new Queue("testq", "ringall");
        testq.members.add(new Member("Agent One", "Local/qagent@test/n"));
        Queue stormq = new Queue("stormq", "rrmemory");
        stormq.members.add(new Member("Storm Agent A", "Local/stormleg@test/n"));
        stormq.members.add(new Member("Storm Agent B", "Local/stormleg@test"));
        queues.put(testq.name, testq);
        queues.put(stormq.name, stormq);
    }

    /**
     * Adds a queue with static members ({@code {name, interface}} pairs), as a queues.conf reload would; an
     * existing queue of that name is left as it is. For {@link CallCenterTraffic}'s queues.
     */
    void addQueue(String name, String strategy, List<String[]> members) {
        if (queues.containsKey(name)) {
            return;
        }
        Queue q = new Queue(name, strategy);
        for (String[] m : members) {
            q.members.add(new Member(m[0], m[1]));
        }
        queues.put(name, q);
    }

    // ---- the Queue application ----

    /** Queue(name[,options[,URL[,announce[,timeout]]]]). */
    void run(SimChannel c, String data, Runnable next) {
        List<String> args = Text.splitArgs(data, ',');
        Queue q = queues.get(args.get(0));
        if (q == null) {
            setVar(c, "QUEUESTATUS", "UNKNOWN");
            next.run();
            return;
        }
        double timeout = args.size() > 4 ? Apps.seconds(args.get(4), 0) : 0;
        for (String v : new String[] {"ANSWEREDTIME", "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS",
            "QUEUEWAIT", "QUEUEWAIT_MS"}) {
            setVar(c, v, "");
        }
        Caller caller = new Caller(c, pbx.nowMillis(), next);
        q.callers.add(caller);
        ev.deviceState("Queue:" + q.name, "RINGING");
        ev.emit(Events.channel(ev.start("QueueCallerJoin", "agent"), "", c).add("Queue", q.name)
                .add("Position", Integer.toString(q.callers.size())).add("Count", Integer.toString(q.callers.size())));
        ev.musicOnHoldStart(c, "default");
        c.onInterrupt = () -> abandon(q, caller);
        if (timeout > 0) {
            c.pending = pbx.schedule(timeout, () -> timeOut(q, caller));
        }
        tryRing(q);
    }

    private void timeOut(Queue q, Caller caller) {
        if (caller.connected || !caller.chan.alive || !q.callers.contains(caller)) {
            return;
        }
        SimChannel c = caller.chan;
        c.onInterrupt = null;
        c.pending = null;
        stopRinging(q, null);
        ev.channelEvent("MusicOnHoldStop", c);
        int pos = leave(q, caller);
        setVar(c, "QUEUESTATUS", "TIMEOUT");
        caller.next.run();
    }

    private void abandon(Queue q, Caller caller) {
        if (caller.connected || !q.callers.contains(caller)) {
            return;
        }
        stopRinging(q, null);
        SimChannel c = caller.chan;
        ev.channelEvent("MusicOnHoldStop", c);
        int pos = q.callers.indexOf(caller) + 1;
        ev.emit(Events.channel(ev.start("QueueCallerAbandon", "agent"), "", c).add("Queue", q.name)
                .add("Position", Integer.toString(pos)).add("OriginalPosition", Integer.toString(pos))
                .add("HoldTime", Long.toString((pbx.nowMillis() - caller.joined) / 1000)));
        q.abandoned++;
        leave(q, caller);
    }

    /** Removes a caller: Queue device state, QueueCallerLeave. Returns the position it had. */
    private int leave(Queue q, Caller caller) {
        int pos = q.callers.indexOf(caller) + 1;
        q.callers.remove(caller);
        if (q.callers.isEmpty()) {
            ev.deviceState("Queue:" + q.name, "NOT_INUSE");
        }
        ev.emit(Events.channel(ev.start("QueueCallerLeave", "agent"), "", caller.chan).add("Queue", q.name)
                .add("Position", Integer.toString(pos)).add("Count", Integer.toString(q.callers.size())));
        return pos;
    }

    private void stopRinging(Queue q, Outbound keep) {
        for (Member m : q.members) {
            if (m.ringing != null && m.ringing != keep) {
                Outbound o = m.ringing;
                m.ringing = null;
                pbx.calls.fail(o, 0, "CANCEL");
            }
        }
    }

    /** Rings the members that can take the first waiting caller (all for ringall, the next for rrmemory). */
    void tryRing(Queue q) {
        if (q.callers.isEmpty()) {
            return;
        }
        Caller caller = q.callers.get(0);
        for (Member m : q.members) {
            if (m.ringing != null) {
                return;
            }
        }
        List<Member> free = new ArrayList<>();
        for (Member m : q.members) {
            if (!m.paused && !m.inCall) {
                free.add(m);
            }
        }
        if (free.isEmpty()) {
            return;
        }
        if (!q.strategy.equals("ringall")) {
            Member m = free.get(q.rrNext++ % free.size());
            free = List.of(m);
        }
        for (Member m : free) {
            ring(q, caller, m);
        }
    }

    private void ring(Queue q, Caller caller, Member m) {
        SimChannel c = caller.chan;
        String resource = m.iface.substring(m.iface.indexOf('/') + 1);
        String[] where = Originator.localTarget(resource);
        SimChannel[] pair = pbx.calls.newLocalPair(where[0], where[1], c.linkedid, null, null);
        SimChannel one = pair[0];
        SimChannel two = pair[1];
        one.application = "AppQueue";
        one.appData = "(Outgoing Line)";
        ev.newexten(one, "AppQueue", "(Outgoing Line)");
        one.cidNum = c.cidNum;
        one.cidName = c.cidName;
        ev.newCallerid(one);
        setVar(one, "DIALEDPEERNUMBER", resource);
        setVar(two, "DIALEDPEERNUMBER", resource);
        two.connNum = c.cidNum;
        two.connName = c.cidName;
        ev.channelEvent("NewConnectedLine", two);
        Outbound o = new Outbound(one, c, m.iface, new Outbound.Listener() {
            @Override
            public void answered(Outbound call) {
                m.ringing = null;
                connect(q, caller, m, call);
            }

            @Override
            public void failed(Outbound call, int reason, String status) {
                if (m.ringing == call) {
                    m.ringing = null;
                    // Try again after the queue's retry delay, if the caller is still waiting.
                    pbx.schedule(5, () -> tryRing(q));
                }
            }
        });
        m.ringing = o;
        ev.emit(agentEvent("AgentCalled", c, one, q, m));
        pbx.calls.dial(o, 15);
    }

    private Packet.Builder agentEvent(String name, SimChannel caller, SimChannel agent, Queue q, Member m) {
        Packet.Builder b = Events.channel(ev.start(name, "agent"), "", caller);
        return Events.channel(b, "Dest", agent).add("Queue", q.name).add("Interface", m.iface)
                .add("MemberName", m.name);
    }

    private void connect(Queue q, Caller caller, Member m, Outbound call) {
        SimChannel c = caller.chan;
        SimChannel agent = call.chan;
        stopRinging(q, call);
        agent.context = c.context;
        agent.exten = c.exten;
        ev.newexten(agent, "AppQueue", "(Outgoing Line)");
        if (!c.alive) {
            pbx.calls.hangup(agent, 16);
            return;
        }
        caller.connected = true;
        c.onInterrupt = null;
        if (c.pending != null) {
            c.pending.cancel(false);
            c.pending = null;
        }
        ev.channelEvent("MusicOnHoldStop", c);
        String[][] memberVars = {{"MEMBERINTERFACE", m.iface}, {"MEMBERNAME", m.name},
            {"MEMBERCALLS", Integer.toString(m.callsTaken)}, {"MEMBERLASTCALL", Long.toString(m.lastCall)},
            {"MEMBERPENALTY", "0"}, {"MEMBERDYNAMIC", "0"}, {"MEMBERREALTIME", "0"}};
        for (SimChannel target : new SimChannel[] {c, agent}) {
            for (String[] v : memberVars) {
                setVar(target, v[0], v[1]);
            }
        }
        long now = pbx.nowMillis();
        long hold = now - caller.joined;
        int pos = leave(q, caller);
        setVar(c, "QUEUEPOSITION", Integer.toString(pos));
        setVar(c, "QUEUEWAIT", Long.toString(hold / 1000));
        setVar(c, "QUEUEWAIT_MS", Long.toString(hold));
        q.holdTotal += hold / 1000;
        ev.emit(agentEvent("AgentConnect", c, agent, q, m).add("HoldTime", Long.toString(hold / 1000))
                .add("RingTime", "0"));
        Bridge b = pbx.calls.newBridge("basic", "simple_bridge", null, null, false);
        pbx.calls.enterBridge(b, agent);
        pbx.calls.enterBridge(b, c);
        pbx.calls.setBridgePeers(b);
        m.inCall = true;
        memberEvent("QueueMemberStatus", q, m);
        if (!q.callers.isEmpty()) {
            // The next waiting caller need not wait for this call to end: ring the members still free.
            pbx.schedule(0, () -> tryRing(q));
        }
        c.afterBridge = selfHangup -> {
            long end = pbx.nowMillis();
            long talk = end - now;
            ev.emit(agentEvent("AgentComplete", c, agent, q, m).add("HoldTime", Long.toString(hold / 1000))
                    .add("TalkTime", Long.toString(talk / 1000)).add("Reason", selfHangup ? "caller" : "agent"));
            setVar(c, "ANSWEREDTIME", Long.toString(talk / 1000));
            setVar(c, "ANSWEREDTIME_MS", Long.toString(talk));
            setVar(c, "DIALEDTIME", Long.toString((end - caller.joined) / 1000));
            setVar(c, "DIALEDTIME_MS", Long.toString(end - caller.joined));
            m.inCall = false;
            m.callsTaken++;
            m.lastCall = end / 1000;
            q.completed++;
            q.talkTotal += talk / 1000;
            memberEvent("QueueMemberStatus", q, m);
            pbx.schedule(0, () -> tryRing(q));
            if (!selfHangup) {
                pbx.calls.hangup(c, 16);
            }
        };
    }

    private void memberEvent(String name, Queue q, Member m) {
        ev.emit(ev.start(name, "agent")
                .add("Queue", q.name).add("MemberName", m.name).add("Interface", m.iface)
                .add("StateInterface", m.iface).add("Membership", m.dynamic ? "dynamic" : "static")
                .add("Penalty", Integer.toString(m.penalty))
                .add("CallsTaken", Integer.toString(m.callsTaken)).add("LastCall", Long.toString(m.lastCall))
                .add("LastPause", Long.toString(m.lastPause)).add("LoginTime", Long.toString(loginTime))
                .add("InCall", m.inCall ? "1" : "0").add("Status", m.inCall ? "2" : "1")
                .add("Paused", m.paused ? "1" : "0").add("PausedReason", m.pausedReason)
                .add("Ringinuse", "1").add("Wrapuptime", "0"));
    }

    private void setVar(SimChannel c, String name, String value) {
        c.setVar(name, value);
        ev.varSet(c, name, value);
    }

    // ---- actions ----

    void pauseAction(Packet a, Reply reply) {
        String iface = a.get("Interface");
        String paused = a.get("Paused");
        if (iface == null || iface.isEmpty() || paused == null || paused.isEmpty()) {
            reply.error("Need 'Interface' and 'Paused' parameters.");
            return;
        }
        String queue = a.get("Queue");
        String reason = a.get("Reason");
        boolean pause = Originator.isTrue(paused);
        List<Queue> hits = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (Queue q : queues.values()) {
            if (queue != null && !queue.isEmpty() && !q.name.equals(queue)) {
                continue;
            }
            for (Member m : q.members) {
                if (m.iface.equalsIgnoreCase(iface)) {
                    hits.add(q);
                    members.add(m);
                }
            }
        }
        if (members.isEmpty()) {
            reply.error("Interface not found");
            return;
        }
        reply.success(pause ? "Interface paused successfully" : "Interface unpaused successfully");
        for (int i = 0; i < members.size(); i++) {
            Queue q = hits.get(i);
            Member m = members.get(i);
            m.paused = pause;
            m.pausedReason = pause && reason != null ? reason : "";
            m.lastPause = pbx.nowMillis() / 1000;
            ev.deviceState("Queue:" + q.name + "_pause_" + m.iface, pause ? "INUSE" : "NOT_INUSE");
            ev.deviceState("Queue:" + q.name + "_avail", available(q) > 0 ? "NOT_INUSE" : "INUSE");
            memberEvent("QueueMemberPause", q, m);
            if (!pause) {
                tryRing(q);
            }
        }
    }

    /** QueueAdd Queue Interface [Penalty] [Paused] [Reason] [MemberName]: a dynamic member. */
    void addAction(Packet a, Reply reply) {
        String queue = a.get("Queue");
        String iface = a.get("Interface");
        if (queue == null || queue.isEmpty() || iface == null || iface.isEmpty()) {
            reply.error("'Queue' and 'Interface' not specified.");
            return;
        }
        Queue q = queues.get(queue);
        if (q == null) {
            reply.error("Unable to add interface to queue: No such queue");
            return;
        }
        for (Member m : q.members) {
            if (m.iface.equalsIgnoreCase(iface)) {
                reply.error("Unable to add interface: Already there");
                return;
            }
        }
        String name = a.get("MemberName");
        Member m = new Member(name == null || name.isEmpty() ? iface : name, iface);
        m.dynamic = true;
        m.penalty = (int) Apps.seconds(a.get("Penalty"), 0);
        m.paused = Originator.isTrue(a.get("Paused"));
        String reason = a.get("Reason");
        m.pausedReason = m.paused && reason != null ? reason : "";
        q.members.add(m);
        reply.success("Added interface to queue");
        memberEvent("QueueMemberAdded", q, m);
        tryRing(q);
    }

    /** QueueRemove Queue Interface: only dynamic members can be removed. */
    void removeAction(Packet a, Reply reply) {
        String queue = a.get("Queue");
        String iface = a.get("Interface");
        if (queue == null || queue.isEmpty() || iface == null || iface.isEmpty()) {
            reply.error("Need 'Queue' and 'Interface' parameters.");
            return;
        }
        Queue q = queues.get(queue);
        if (q == null) {
            reply.error("Unable to remove interface from queue: No such queue");
            return;
        }
        for (Member m : q.members) {
            if (m.iface.equalsIgnoreCase(iface)) {
                if (!m.dynamic) {
                    reply.error("Unable to remove interface: Not dynamic");
                    return;
                }
                if (m.ringing != null) {
                    Outbound o = m.ringing;
                    m.ringing = null;
                    pbx.calls.fail(o, 0, "CANCEL");
                }
                q.members.remove(m);
                reply.success("Removed interface from queue");
                memberEvent("QueueMemberRemoved", q, m);
                return;
            }
        }
        reply.error("Unable to remove interface: Not there");
    }

    private static int available(Queue q) {
        int n = 0;
        for (Member m : q.members) {
            if (!m.paused && !m.inCall) {
                n++;
            }
        }
        return n;
    }

    void statusAction(Packet a, Reply reply) {
        String queue = a.get("Queue");
        String member = a.get("Member");
        reply.listStart("Queue status will follow");
        int items = 0;
        long now = pbx.nowMillis();
        for (Queue q : queues.values()) {
            if (queue != null && !queue.isEmpty() && !q.name.equals(queue)) {
                continue;
            }
            int done = Math.max(1, q.completed);
            reply.send(reply.idLast(Packet.builder().add("Event", "QueueParams").add("Queue", q.name)
                    .add("Max", "0").add("Strategy", q.strategy)
                    .add("Calls", Integer.toString(q.callers.size()))
                    .add("Holdtime", Long.toString(q.holdTotal / done))
                    .add("TalkTime", Long.toString(q.talkTotal / done))
                    .add("Completed", Integer.toString(q.completed))
                    .add("Abandoned", Integer.toString(q.abandoned))
                    .add("ServiceLevel", "0").add("ServicelevelPerf", "0.0").add("ServicelevelPerf2", "0.0")
                    .add("Weight", "0")));
            items++;
            for (Member m : q.members) {
                if (member != null && !member.isEmpty() && !member.equals(m.iface) && !member.equals(m.name)) {
                    continue;
                }
                reply.send(reply.idLast(Packet.builder().add("Event", "QueueMember").add("Queue", q.name)
                        .add("Name", m.name).add("Location", m.iface).add("StateInterface", m.iface)
                        .add("Membership", m.dynamic ? "dynamic" : "static")
                        .add("Penalty", Integer.toString(m.penalty))
                        .add("CallsTaken", Integer.toString(m.callsTaken))
                        .add("LastCall", Long.toString(m.lastCall)).add("LastPause", Long.toString(m.lastPause))
                        .add("LoginTime", Long.toString(loginTime)).add("InCall", m.inCall ? "1" : "0")
                        .add("Status", m.inCall ? "2" : "1").add("Paused", m.paused ? "1" : "0")
                        .add("PausedReason", m.pausedReason).add("Wrapuptime", "0")));
                items++;
            }
            int pos = 1;
            for (Caller caller : q.callers) {
                SimChannel c = caller.chan;
                reply.send(reply.idLast(Packet.builder().add("Event", "QueueEntry").add("Queue", q.name)
                        .add("Position", Integer.toString(pos++)).add("Channel", c.name)
                        .add("Uniqueid", c.uniqueid)
                        .add("CallerIDNum", c.cidNum.isEmpty() ? "unknown" : c.cidNum)
                        .add("CallerIDName", c.cidName.isEmpty() ? "unknown" : c.cidName)
                        .add("ConnectedLineNum", c.connNum.isEmpty() ? "unknown" : c.connNum)
                        .add("ConnectedLineName", c.connName.isEmpty() ? "unknown" : c.connName)
                        .add("Wait", Long.toString((now - caller.joined) / 1000)).add("Priority", "0")));
                items++;
            }
        }
        reply.last(reply.complete("QueueStatusComplete", items));
    }

    void summaryAction(Packet a, Reply reply) {
        String queue = a.get("Queue");
        reply.listStart("Queue summary will follow");
        int items = 0;
        long now = pbx.nowMillis();
        for (Queue q : queues.values()) {
            if (queue != null && !queue.isEmpty() && !q.name.equals(queue)) {
                continue;
            }
            long longest = 0;
            for (Caller caller : q.callers) {
                longest = Math.max(longest, (now - caller.joined) / 1000);
            }
            int done = Math.max(1, q.completed);
            reply.send(reply.idLast(Packet.builder().add("Event", "QueueSummary").add("Queue", q.name)
                    .add("LoggedIn", Integer.toString(q.members.size()))
                    .add("Available", Integer.toString(available(q)))
                    .add("Callers", Integer.toString(q.callers.size()))
                    .add("HoldTime", Long.toString(q.holdTotal / done))
                    .add("TalkTime", Long.toString(q.talkTotal / done))
                    .add("LongestHoldTime", Long.toString(longest))));
            items++;
        }
        reply.last(reply.complete("QueueSummaryComplete", items));
    }
}
