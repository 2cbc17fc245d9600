package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the events of a simulated run with a recording by shape: event name plus the ordered list of header
 * keys. Values are run-specific (ids, times) and are not compared.
 *
 * <p><b>Tolerance, and why.</b> Asterisk raises events from each channel's own thread through Stasis, so the
 * interleaving <i>between</i> channels differs from run to run (compare originate_async with
 * originate_async_exten). The comparison therefore groups events by the channel they describe (Channel, else
 * DestChannel, LocalOneChannel, ParkeeChannel; names normalised to their order of appearance), by device for
 * DeviceStateChange, and by event name for events without a channel. Within a group:
 * <ul>
 *   <li>events up to the channel's teardown (its first HangupRequest, SoftHangupRequest or Hangup) must be equal
 *       and in the same order;</li>
 *   <li>the teardown itself is compared as a multiset: hangup requests are carried out by several threads
 *       (channel, bridge, CLI) whose order varies (see the queue recording's "hangup all");</li>
 *   <li>Cdr events form one unordered group (the CDR engine posts them from its own thread).</li>
 * </ul>
 * When the recording ended while calls were still up (the session logged off first), the simulation may have
 * more: the recorded head must be a prefix of the simulated one and the recorded teardown a sub-multiset.
 */
final class EventShapes {
    private static final Pattern LOCAL_SEQ = Pattern.compile("-[0-9a-f]{8}(;[12])");
    private static final Set<String> TEARDOWN = Set.of("HangupRequest", "SoftHangupRequest", "Hangup");

    private EventShapes() {
    }

    private static final String BLOCK = "ChannelState,ChannelStateDesc,CallerIDNum,CallerIDName,ConnectedLineNum,"
            + "ConnectedLineName,Language,AccountCode,Context,Exten,Priority,Uniqueid,Linkedid";

    /** Event name and header keys; a full channel block shows as {@code @<prefix>channel} to keep diffs short. */
    static String shape(Packet p) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < p.size(); i++) {
            if (i > 1) {
                b.append(',');
            }
            b.append(p.key(i));
        }
        String keys = b.toString();
        for (String prefix : new String[] {"Dest", "LocalOne", "LocalTwo", "Parkee", ""}) {
            StringBuilder block = new StringBuilder(prefix).append("Channel");
            for (String k : BLOCK.split(",")) {
                block.append(',').append(prefix).append(k);
            }
            keys = keys.replace(block.toString(), "@" + prefix + "channel");
        }
        return p.name() + " [" + keys + "]";
    }

    /** The group of each event, with Local sequence numbers replaced by their order of first appearance. */
    static Map<String, List<Packet>> groups(List<Packet> events) {
        Map<String, String> seqs = new HashMap<>();
        Map<String, List<Packet>> out = new LinkedHashMap<>();
        for (Packet p : events) {
            out.computeIfAbsent(groupKey(p, seqs), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    private static String groupKey(Packet p, Map<String, String> seqs) {
        String name = p.name();
        if (name.equals("Cdr")) {
            return "Cdr";
        }
        if (name.equals("DeviceStateChange")) {
            return "device " + p.get("Device");
        }
        if (name.equals("OriginateResponse")) {
            return "OriginateResponse";
        }
        for (String key : new String[] {"Channel", "DestChannel", "LocalOneChannel", "ParkeeChannel"}) {
            String v = p.get(key);
            if (v != null && !v.equals("none")) {
                return "channel " + normalise(v, seqs);
            }
        }
        return "event " + name;
    }

    private static String normalise(String channel, Map<String, String> seqs) {
        Matcher m = LOCAL_SEQ.matcher(channel);
        if (!m.find()) {
            return channel;
        }
        String base = channel.substring(0, m.start());
        String seq = channel.substring(m.start() + 1, m.start() + 9);
        String n = seqs.computeIfAbsent(base + seq, k -> Integer.toString(seqs.size()));
        return base + "-#" + n + m.group(1);
    }

    /**
     * Returns the differences between recorded and simulated events (empty when they match under the tolerance
     * described above).
     */
    static List<String> differences(List<Packet> recorded, List<Packet> simulated, boolean recordingTruncated) {
        List<String> diffs = new ArrayList<>();
        Map<String, List<Packet>> rec = groups(recorded);
        Map<String, List<Packet>> sim = groups(simulated);
        for (Map.Entry<String, List<Packet>> e : rec.entrySet()) {
            List<String> r = shapes(e.getValue());
            List<String> s = shapes(sim.getOrDefault(e.getKey(), List.of()));
            compareGroup(e.getKey(), r, s, recordingTruncated, diffs);
        }
        for (String key : sim.keySet()) {
            if (!rec.containsKey(key) && !recordingTruncated) {
                diffs.add(key + ": simulated only: " + shapes(sim.get(key)));
            }
        }
        return diffs;
    }

    private static void compareGroup(String key, List<String> r, List<String> s, boolean truncated,
                                     List<String> diffs) {
        if (key.equals("Cdr")) {
            compareMultiset(key, r, s, truncated, diffs);
            return;
        }
        int rs = teardownStart(r);
        int ss = teardownStart(s);
        List<String> rHead = r.subList(0, rs);
        List<String> sHead = s.subList(0, ss);
        boolean headOk = truncated
                ? sHead.size() >= rHead.size() && sHead.subList(0, rHead.size()).equals(rHead)
                        && (rHead.size() == sHead.size() || rs == r.size())
                : rHead.equals(sHead);
        if (!headOk) {
            diffs.add(key + ": before teardown\n  recorded:  " + rHead + "\n  simulated: " + sHead);
        }
        compareMultiset(key + " (teardown)", r.subList(rs, r.size()), s.subList(ss, s.size()), truncated, diffs);
    }

    private static int teardownStart(List<String> shapes) {
        for (int i = 0; i < shapes.size(); i++) {
            String name = shapes.get(i).substring(0, shapes.get(i).indexOf(' '));
            if (TEARDOWN.contains(name)) {
                return i;
            }
        }
        return shapes.size();
    }

    private static void compareMultiset(String key, List<String> r, List<String> s, boolean truncated,
                                        List<String> diffs) {
        List<String> missing = new ArrayList<>(r);
        List<String> extra = new ArrayList<>();
        for (String x : s) {
            if (!missing.remove(x)) {
                extra.add(x);
            }
        }
        if (!missing.isEmpty() || (!truncated && !extra.isEmpty())) {
            diffs.add(key + ":\n  missing: " + missing + "\n  extra:   " + extra);
        }
    }

    private static List<String> shapes(List<Packet> events) {
        List<String> out = new ArrayList<>();
        for (Packet p : events) {
            out.add(shape(p));
        }
        return out;
    }
}
