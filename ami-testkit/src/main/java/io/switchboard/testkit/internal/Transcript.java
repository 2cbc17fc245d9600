package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A recorded AMI session indexed for replay: the banner, the server's packets as byte ranges of the recording
 * (never re-encoded, so a replay is byte-exact), and the client's actions.
 *
 * <p>The recording is cut into groups: group 0 is what the server sent before its first response; group
 * {@code k} is the response to the k-th action plus every packet up to the next response (list items, events
 * that happened meanwhile). Asterisk answers the actions of one session strictly in order, one response each,
 * so the k-th {@code Response:} packet belongs to the k-th action. Immutable; indexed once, shared by every
 * replay session.
 */
public final class Transcript {
    private final byte[] recv;
    private final int bannerEnd;
    private final int[] packetStart;
    private final int[] packetEnd;
    /** Per packet: ActionID value spans (start, end pairs), or null when the packet has none. */
    private final int[][] actionIdSpans;
    /** groupFirst[g] = index of the first packet of group g; one extra entry = packet count. */
    private final int[] groupFirst;
    private final List<Packet> actions;

    private Transcript(byte[] recv, int bannerEnd, int[] packetStart, int[] packetEnd, int[][] actionIdSpans,
                       int[] groupFirst, List<Packet> actions) {
        this.recv = recv;
        this.bannerEnd = bannerEnd;
        this.packetStart = packetStart;
        this.packetEnd = packetEnd;
        this.actionIdSpans = actionIdSpans;
        this.groupFirst = groupFirst;
        this.actions = actions;
    }

    /** Indexes a recording: {@code recv} as the server wrote it (banner first), {@code sent} as the client did. */
    public static Transcript parse(byte[] recv, byte[] sent) {
        byte[] data = recv.clone();
        int bannerEnd = lineEnd(data, 0);
        List<int[]> packets = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        List<Integer> responses = new ArrayList<>();
        int pos = bannerEnd;
        while (pos < data.length) {
            int start = pos;
            List<Integer> spans = new ArrayList<>();
            while (pos < data.length && !isBlank(data, pos)) {
                int end = lineEnd(data, pos);
                if (startsWith(data, pos, "ActionID: ")) {
                    spans.add(pos + 10);
                    spans.add(contentEnd(data, pos, end));
                }
                pos = end;
            }
            while (pos < data.length && isBlank(data, pos)) {  // the terminator, and any stray blank lines
                pos = lineEnd(data, pos);
            }
            if (pos == start) {
                break;
            }
            if (startsWith(data, start, "Response:")) {
                responses.add(packets.size());
            }
            packets.add(new int[] {start, pos});
            ids.add(spans.isEmpty() ? null : spans.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] groupFirst = new int[responses.size() + 2];
        groupFirst[0] = 0;
        for (int i = 0; i < responses.size(); i++) {
            groupFirst[i + 1] = responses.get(i);
        }
        groupFirst[responses.size() + 1] = packets.size();
        List<Packet> actions = new ArrayList<>();
        new PacketDecoder(DecoderLimits.DEFAULT, false, actions::add).feed(sent);
        return new Transcript(data, bannerEnd, packets.stream().mapToInt(p -> p[0]).toArray(),
                packets.stream().mapToInt(p -> p[1]).toArray(), ids.toArray(new int[0][]), groupFirst,
                List.copyOf(actions));
    }

    private static boolean isBlank(byte[] b, int pos) {
        return b[pos] == '\n' || (b[pos] == '\r' && pos + 1 < b.length && b[pos + 1] == '\n');
    }

    private static int lineEnd(byte[] b, int pos) {
        for (int i = pos; i < b.length; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }

    private static int contentEnd(byte[] b, int start, int end) {
        int e = end;
        if (e > start && b[e - 1] == '\n') {
            e--;
        }
        if (e > start && b[e - 1] == '\r') {
            e--;
        }
        return e;
    }

    private static boolean startsWith(byte[] b, int pos, String prefix) {
        if (pos + prefix.length() > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[pos + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The banner line, terminator included. */
    public byte[] banner() {
        return Arrays.copyOf(recv, bannerEnd);
    }

    /** The client's recorded actions, in order. */
    public List<Packet> actions() {
        return actions;
    }

    /** Number of groups: 1 (before the first response) + one per response. */
    int groupCount() {
        return groupFirst.length - 1;
    }

    /**
     * Appends group {@code g} to {@code out}, rewriting ActionID values through {@code ids} (recorded ID to the
     * client's; a null value drops the line because the client sent none); {@code responseId}
     * is the ActionID the client sent with the action this group answers (null or empty: none).
     */
    void writeGroup(int g, Map<String, String> ids, String responseId, ByteArrayOutputStream out) {
        for (int p = groupFirst[g]; p < groupFirst[g + 1]; p++) {
            int[] spans = actionIdSpans[p];
            boolean isResponse = g > 0 && p == groupFirst[g];
            if (spans == null && !(isResponse && responseId != null && !responseId.isEmpty())) {
                out.write(recv, packetStart[p], packetEnd[p] - packetStart[p]);
                continue;
            }
            int pos = packetStart[p];
            if (spans == null) {  // recorded without ActionID, sent with one: insert it as the 2nd line
                int firstLine = lineEnd(recv, pos);
                out.write(recv, pos, firstLine - pos);
                out.writeBytes(("ActionID: " + responseId + "\r\n").getBytes(StandardCharsets.UTF_8));
                pos = firstLine;
            } else {
                for (int s = 0; s < spans.length; s += 2) {
                    String recorded = new String(recv, spans[s], spans[s + 1] - spans[s], StandardCharsets.UTF_8);
                    if (!ids.containsKey(recorded)) {
                        continue;  // an ActionID of another client in the recording: keep as is
                    }
                    String replacement = ids.get(recorded);
                    int lineStart = spans[s] - 10;
                    out.write(recv, pos, lineStart - pos);
                    if (replacement != null && !replacement.isEmpty()) {
                        out.writeBytes(("ActionID: " + replacement).getBytes(StandardCharsets.UTF_8));
                        pos = spans[s + 1];
                    } else {
                        pos = lineEnd(recv, spans[s + 1]);  // the client sent no ActionID: drop the line
                    }
                }
            }
            out.write(recv, pos, packetEnd[p] - pos);
        }
    }
}
