package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Replays a {@link Transcript} to one client: the banner and anything recorded before the first response at
 * connect, then for the k-th action the recorded response k and everything recorded up to response k+1, with
 * the recorded ActionIDs replaced by the ones this client sent. After the last recorded response the server
 * closes the connection, as Asterisk did after Logoff or a failed login. The client's requests are not
 * interpreted (a wrong MD5 key still logs in); a request whose name differs from the recording is logged and
 * counted in {@link AmiServer#replayMismatches()}.
 */
final class ReplayProtocol implements Protocol {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayProtocol.class);

    private final Transcript transcript;
    private final AmiServer server;
    private final Map<String, String> ids = new HashMap<>();
    private int next = 1;

    ReplayProtocol(Transcript transcript, AmiServer server) {
        this.transcript = transcript;
        this.server = server;
    }

    @Override
    public void open(Connection c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(transcript.banner());
        transcript.writeGroup(0, ids, null, out);
        c.writeRaw(out.toByteArray());
        closeIfDone(c);
    }

    @Override
    public void onPacket(Connection c, Packet request) throws IOException {
        if (request.size() == 0) {
            // A stray blank line: not in the recording. Answer it as Asterisk does and keep the replay in step.
            String text = "empty request (stray blank line) before action " + next;
            LOG.warn("transcript replay mismatch, {}", text);
            server.replayMismatch(text);
            c.writeRaw(Wire.error(request, "Missing action in request"));
            return;
        }
        int k = next++;
        if (k > transcript.actions().size() || k >= transcript.groupCount()) {
            return;  // beyond the recording; the connection is closing anyway
        }
        Packet recorded = transcript.actions().get(k - 1);
        String recordedName = recorded.get("Action");
        String name = request.get("Action");
        if (recordedName != null && !recordedName.equalsIgnoreCase(name)) {
            String text = "action " + k + ": recorded " + recordedName + ", received " + name;
            LOG.warn("transcript replay mismatch, {}", text);
            server.replayMismatch(text);
        }
        String recordedId = recorded.actionId();
        String clientId = request.actionId();
        if (recordedId != null && !recordedId.isEmpty()) {
            ids.put(recordedId, clientId);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transcript.writeGroup(k, ids, recordedId == null || recordedId.isEmpty() ? clientId : null, out);
        c.writeRaw(out.toByteArray());
        closeIfDone(c);
    }

    private void closeIfDone(Connection c) {
        if (next >= transcript.groupCount()) {
            c.close();
        }
    }

    @Override
    public boolean accepts(ServerEvent event) {
        return true;
    }

    @Override
    public boolean loggedIn() {
        return true;
    }
}
