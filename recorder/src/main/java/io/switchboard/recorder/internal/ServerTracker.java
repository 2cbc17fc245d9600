package io.switchboard.recorder.internal;

import io.switchboard.ami.Event;
import io.switchboard.recorder.CdrRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The call state of one server: open channels, the Cdr-or-lifecycle decision, and reconciliation after a gap.
 * Every change becomes an {@link Op} handed to the sink (spool) under this object's lock, so a server's ops are
 * spooled in event order.
 *
 * <p><b>Which source.</b> Once a server has sent one {@code Cdr} event (remembered durably in
 * {@code cdr_servers}) it is a Cdr server: records come only from Cdr events. Otherwise a Hangup of an answered
 * channel yields a lifecycle record, but it is held for {@code graceMs} first, because cdr_manager posts the
 * Cdr just after the Hangup: if a Cdr arrives meanwhile the server becomes a Cdr server and the held records are
 * discarded. So a server never gets both a lifecycle and a Cdr record for a channel, and in any case the database
 * stores a derived record only for a channel without any row, and a Cdr only for one without a derived row.
 *
 * <p><b>Several Cdrs per channel.</b> Each Cdr op carries a fingerprint of the event ({@link Fingerprint}); the
 * database numbers a channel's different Cdrs as legs 1, 2, ... when it stores them, so the numbering needs no
 * memory here and survives restarts.
 *
 * <p>Like cdr.conf's default {@code unanswered=no}, derived and reconciled records are written for answered
 * channels only; unanswered channels are just closed.
 */
public final class ServerTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTracker.class);
    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Where ops go (the spool); may block when it is full. */
    @FunctionalInterface
    public interface Sink {
        void accept(Op op) throws InterruptedException;
    }

    /** A channel's in-memory state; {@code open} is the durable part. */
    private static final class Track {
        OpenChannel open;
        String destinationChannel = "";
        String exten;
        String context;
        long hungUpMs = -1;
        String cause = "";
        long deadlineMs;
        CdrRecord heldLifecycle;
        /** Sequence of the Newchannel (0: known from before this run or from a list). */
        long openedSeq;

        Track(OpenChannel open) {
            this.open = open;
            this.exten = open.exten();
            this.context = open.context();
        }
    }

    private final String server;
    private final ZoneId zone;
    private final long graceMs;
    private final Sink sink;
    /** How many finished channels the tracker remembers (tombstones, linkedids of later Cdrs). */
    private static final int REMEMBERED = 20_000;
    private final Map<String, Track> tracks = new HashMap<>();
    /** Recently finished channels, so a list taken before their end does not bring them back. */
    private final Map<String, Long> finished = recent();
    /**
     * The linkedid of each channel that had a Cdr lately: a channel can have several Cdrs (a transfer gives the
     * transferred party a new one; so does ForkCDR), the later ones arriving after its track is gone.
     */
    private final Map<String, String> linkedidOf = recent();

    /** A map of the last {@value #REMEMBERED} channels put in it (insertion order); older ones are forgotten. */
    private static <V> Map<String, V> recent() {
        return new java.util.LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    private boolean cdrServer;
    /** Read without the lock (stats, reconciliation), which a thread blocked on a full spool may hold. */
    private volatile long lastSeq;
    private volatile int openCount;
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong reconciled = new AtomicLong();

    public ServerTracker(String server, ZoneId zone, long graceMs, boolean cdrServer, List<OpenChannel> open,
                         Sink sink) {
        this.server = server;
        this.zone = zone;
        this.graceMs = graceMs;
        this.cdrServer = cdrServer;
        this.sink = sink;
        for (OpenChannel c : open) {
            tracks.put(c.uniqueid(), new Track(c));
        }
        this.openCount = tracks.size();
    }

    public String server() {
        return server;
    }

    public synchronized boolean isCdrServer() {
        return cdrServer;
    }

    public int openChannels() {
        return openCount;
    }

    public long lastSequence() {
        return lastSeq;
    }

    public long malformed() {
        return malformed.get();
    }

    public long reconciled() {
        return reconciled.get();
    }

    /** Handles one event received at {@code nowMs}. */
    public synchronized void onEvent(Event e, long nowMs) throws InterruptedException {
        try {
            handle(e, nowMs);
        } finally {
            lastSeq = Math.max(lastSeq, e.sequence());
            openCount = tracks.size();
        }
    }

    private void handle(Event e, long nowMs) throws InterruptedException {
        String name = e.name();
        if (name.equalsIgnoreCase("Cdr")) {
            onCdr(e, nowMs);
            return;
        }
        String uid = e.get("Uniqueid");
        if (uid == null || uid.isEmpty()) {
            return;
        }
        if (name.equalsIgnoreCase("Newchannel")) {
            if (tracks.containsKey(uid)) {
                return;
            }
            OpenChannel c = new OpenChannel(server, uid, nz(e.get("Linkedid")), nz(e.get("Channel")),
                    cid(e.get("CallerIDNum")), cid(e.get("CallerIDName")), nz(e.get("Exten")), nz(e.get("Context")),
                    nz(e.get("AccountCode")), nowMs, "6".equals(e.get("ChannelState")) ? nowMs : -1);
            Track t = new Track(c);
            t.openedSeq = e.sequence();
            tracks.put(uid, t);
            sink.accept(new Op.Open(c));
        } else if (name.equalsIgnoreCase("Newstate")) {
            Track t = tracks.get(uid);
            if (t != null && !t.open.isAnswered() && "6".equals(e.get("ChannelState"))) {
                t.open = t.open.answered(nowMs);
                sink.accept(new Op.Answer(server, uid, nowMs));
            }
        } else if (name.equalsIgnoreCase("DialBegin")) {
            Track t = tracks.get(uid);
            if (t != null && e.get("DestChannel") != null) {
                t.destinationChannel = e.get("DestChannel");
            }
        } else if (name.equalsIgnoreCase("Hangup")) {
            Track t = tracks.get(uid);
            if (t == null || t.hungUpMs >= 0) {
                return;
            }
            t.hungUpMs = nowMs;
            t.cause = nz(e.get("Cause"));
            if (e.get("Exten") != null && !e.get("Exten").isEmpty()) {
                t.exten = e.get("Exten");
            }
            if (e.get("Context") != null && !e.get("Context").isEmpty()) {
                t.context = e.get("Context");
            }
            t.deadlineMs = nowMs + graceMs;
            if (!cdrServer && t.open.isAnswered()) {
                t.heldLifecycle = derived(t, nowMs, CdrRecord.Origin.CHANNEL_LIFECYCLE);
            }
        }
    }

    private void onCdr(Event e, long nowMs) throws InterruptedException {
        String uid = e.get("UniqueID");
        if (uid == null || uid.isEmpty()) {
            malformed.incrementAndGet();
            LOG.error("{}: Cdr event without UniqueID cannot be keyed; not recorded: channel={} start={}", server,
                    e.get("Channel"), e.get("StartTime"));
            return;
        }
        if (!cdrServer) {
            cdrServer = true;
            LOG.info("{}: sends Cdr events; recording from them (no lifecycle-derived records from now on)", server);
            sink.accept(new Op.CdrServer(server));
            for (Track t : tracks.values()) {
                t.heldLifecycle = null;
            }
        }
        Track t = tracks.remove(uid);
        finished.put(uid, e.sequence());
        String linkedid = t != null ? t.open.linkedid() : linkedidOf.getOrDefault(uid, "");
        linkedidOf.put(uid, linkedid);
        // cdr_manager writes local times without an offset. In the hour a DST change repeats, a local time has two
        // instants: the end is taken as the one nearer to when the Cdr arrived (it is posted at the hangup), and
        // start and answer as the ones nearer to what Duration and BillableSeconds say, so a call across the
        // change keeps start <= answer <= end.
        long end = time(e, "EndTime", nowMs, nowMs, uid);
        long duration = num(e.get("Duration"));
        long start = time(e, "StartTime", end - duration * 1000, end - duration * 1000, uid);
        String answerText = e.get("AnswerTime");
        Instant answer = answerText == null || answerText.isBlank() ? null
                : Instant.ofEpochMilli(time(e, "AnswerTime", end, end - num(e.get("BillableSeconds")) * 1000, uid));
        CdrRecord r = CdrRecord.builder().server(server).uniqueid(uid)
                .linkedid(linkedid)
                .source(e.get("Source")).destination(e.get("Destination")).callerId(e.get("CallerID"))
                .context(e.get("DestinationContext")).channel(e.get("Channel"))
                .destinationChannel(e.get("DestinationChannel"))
                .start(Instant.ofEpochMilli(start)).answer(answer).end(Instant.ofEpochMilli(end))
                .duration(duration).billableSeconds(num(e.get("BillableSeconds")))
                .disposition(e.get("Disposition")).hangupCause(t == null ? "" : t.cause)
                .accountCode(e.get("AccountCode")).userField(e.get("UserField"))
                .origin(CdrRecord.Origin.CDR_EVENT).build();
        sink.accept(new Op.Record(r, fingerprint(e)));
    }

    /**
     * What tells this Cdr from the channel's other Cdrs (all carry its UniqueID): the database stores the
     * channel's n-th different fingerprint as leg n, and the same Cdr heard again (another connection, a replay,
     * another gateway, after a restart) has the same fingerprint, so it is still stored once. Taken from the
     * event's text, not from the parsed record: parsing local times depends on when the event arrived.
     */
    private static String fingerprint(Event e) {
        return Fingerprint.ofCdrFields(nz(e.get("StartTime")), nz(e.get("AnswerTime")), nz(e.get("EndTime")),
                nz(e.get("Duration")), nz(e.get("BillableSeconds")), nz(e.get("Disposition")),
                nz(e.get("Destination")), nz(e.get("DestinationChannel")), nz(e.get("LastApplication")));
    }

    /** Releases held lifecycle records and closes channels whose Cdr never came, once their grace is over. */
    public synchronized void tick(long nowMs) throws InterruptedException {
        Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator();
        while (it.hasNext()) {
            Track t = it.next().getValue();
            if (t.hungUpMs < 0 || t.deadlineMs > nowMs) {
                continue;
            }
            it.remove();
            finished.put(t.open.uniqueid(), lastSeq);
            openCount = tracks.size();
            if (t.heldLifecycle != null && !cdrServer) {
                sink.accept(new Op.Record(t.heldLifecycle, Fingerprint.NONE));
            } else {
                sink.accept(new Op.Close(server, t.open.uniqueid()));
            }
        }
    }

    /**
     * At close: writes the lifecycle records still held for their grace period and closes the unanswered channels
     * that hung up, as {@link #tick} would once their grace is over. Left open, the next start would reconcile
     * them from the durable open set with the start-up time as their end. Channels of a Cdr server still waiting
     * for their Cdr stay open (their Cdr may yet be heard by another recorder on the same database).
     */
    public synchronized void flushHungUp() throws InterruptedException {
        if (cdrServer) {
            return;
        }
        tick(Long.MAX_VALUE);
    }

    /**
     * Compares the channels the server listed ({@code present}: Uniqueid to its CoreShowChannel item; the list
     * ended at event sequence {@code listSeq}) with the open set. Channels no longer there ended unseen: answered ones are written as RECONCILED (end = their
     * Hangup if one was seen, else {@code gapMs}); channels that appeared unseen are added to the open set, their
     * start taken from the listed Duration and, when Up, their answer time taken as now (billing the part known).
     */
    public synchronized int reconcile(Map<String, Event> present, long listSeq, Set<String> candidates, long gapMs,
                                      long nowMs) throws InterruptedException {
        int n = 0;
        List<String> gone = new ArrayList<>(missing(present, listSeq));
        gone.retainAll(candidates);
        for (String uid : gone) {
            Track t = tracks.remove(uid);
            finished.put(uid, listSeq);
            long end = t.hungUpMs >= 0 ? t.hungUpMs : Math.max(gapMs, t.open.startMs());
            if (t.open.isAnswered()) {
                sink.accept(new Op.Record(derived(t, end, CdrRecord.Origin.RECONCILED), Fingerprint.NONE));
                n++;
            } else {
                sink.accept(new Op.Close(server, uid));
            }
        }
        for (Map.Entry<String, Event> en : present.entrySet()) {
            if (tracks.containsKey(en.getKey()) || finished.containsKey(en.getKey())) {
                continue;
            }
            Event e = en.getValue();
            long start = nowMs - parseDuration(e.get("Duration")) * 1000;
            OpenChannel c = new OpenChannel(server, en.getKey(), nz(e.get("Linkedid")), nz(e.get("Channel")),
                    cid(e.get("CallerIDNum")), cid(e.get("CallerIDName")), nz(e.get("Exten")), nz(e.get("Context")),
                    nz(e.get("AccountCode")), start, "6".equals(e.get("ChannelState")) ? nowMs : -1);
            tracks.put(en.getKey(), new Track(c));
            sink.accept(new Op.Open(c));
        }
        openCount = tracks.size();
        reconciled.addAndGet(n);
        if (!gone.isEmpty()) {
            LOG.info("{}: reconciled {} channel(s) that ended during the AMI gap ({} recorded as RECONCILED)",
                    server, gone.size(), n);
        }
        return n;
    }

    /**
     * The tracked channels absent from a list that ended at {@code listSeq}: candidates for reconciliation. A
     * channel created after the list was taken is not in it, yet not gone, hence the sequence check.
     */
    public synchronized Set<String> missing(Map<String, Event> present, long listSeq) {
        Set<String> out = new java.util.HashSet<>();
        for (Map.Entry<String, Track> en : tracks.entrySet()) {
            if (!present.containsKey(en.getKey()) && en.getValue().openedSeq < listSeq) {
                out.add(en.getKey());
            }
        }
        return out;
    }

    private CdrRecord derived(Track t, long endMs, CdrRecord.Origin origin) {
        OpenChannel o = t.open;
        long start = o.startMs();
        long end = Math.max(endMs, start);
        long answer = o.isAnswered() ? Math.min(Math.max(o.answerMs(), start), end) : -1;
        String callerId = o.callerName().isEmpty() ? (o.callerNum().isEmpty() ? "" : "<" + o.callerNum() + ">")
                : "\"" + o.callerName() + "\" <" + o.callerNum() + ">";
        return CdrRecord.builder().server(server).uniqueid(o.uniqueid()).linkedid(o.linkedid())
                .source(o.callerNum()).destination(t.exten).callerId(callerId).context(t.context)
                .channel(o.channel()).destinationChannel(t.destinationChannel)
                .start(Instant.ofEpochMilli(start)).answer(answer < 0 ? null : Instant.ofEpochMilli(answer))
                .end(Instant.ofEpochMilli(end)).duration((end - start) / 1000)
                .billableSeconds(answer < 0 ? 0 : (end - answer) / 1000)
                .disposition(answer < 0 ? "NO ANSWER" : "ANSWERED").hangupCause(t.cause)
                .accountCode(o.accountCode()).origin(origin).build();
    }

    /** A Cdr time in the server's zone; of two instants (DST overlap), the one nearer to {@code nearMs}. */
    private long time(Event e, String key, long fallbackMs, long nearMs, String uid) {
        String v = e.get(key);
        if (v == null || v.isBlank()) {
            return fallbackMs;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(v.trim(), CDR_TIME);
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
            if (offsets.size() < 2) {
                return local.atZone(zone).toInstant().toEpochMilli(); // one instant, or in a gap: shifted forward
            }
            long a = local.toInstant(offsets.get(0)).toEpochMilli();
            long b = local.toInstant(offsets.get(1)).toEpochMilli();
            return Math.abs(a - nearMs) <= Math.abs(b - nearMs) ? a : b;
        } catch (DateTimeParseException ex) {
            malformed.incrementAndGet();
            LOG.warn("{}: Cdr {} has unparsable {} '{}'; using {}", server, uid, key, v, Instant.ofEpochMilli(fallbackMs));
            return fallbackMs;
        }
    }

    private static long num(String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** CoreShowChannel's Duration is {@code HH:MM:SS}. */
    static long parseDuration(String v) {
        if (v == null) {
            return 0;
        }
        long total = 0;
        for (String part : v.trim().split(":")) {
            total = total * 60 + num(part);
        }
        return total;
    }

    private static String cid(String v) {
        return v == null || v.equals("<unknown>") ? "" : v;
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }

    /** Uniqueids of the channels currently tracked (for tests and diagnostics). */
    public synchronized Set<String> trackedUniqueids() {
        return Set.copyOf(tracks.keySet());
    }
}
