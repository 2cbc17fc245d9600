package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.live.Channel;

import java.util.regex.Pattern;

/**
 * Start and stop recording a channel ({@code MixMonitor} / {@code StopMixMonitor}). Files are always relative
 * to Asterisk's monitor spool directory: an API client must not be able to make Asterisk write anywhere else.
 */
final class RecordingApi {
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,10}");
    private static final int MAX_FILE = 200;

    private final Servers servers;
    private final int maxBody;

    RecordingApi(Servers servers, int maxBody) {
        this.servers = servers;
        this.maxBody = maxBody;
    }

    /** {@code POST .../recording} {@code {"file"?, "format"?}}: 201 with the file Asterisk writes. */
    void start(Context ctx) {
        ObjectNode body = Json.body(ctx, maxBody);
        String format = Json.optText(body, "format");
        if (format != null && !FORMAT.matcher(format).matches()) {
            throw ApiException.badRequest("format", "must be a file extension like wav, gsm, ulaw (1-10 a-z 0-9)");
        }
        Channel channel = servers.readyChannel(ctx.pathParam("server"), ctx.pathParam("uniqueid"));
        String file = file(Json.optText(body, "file"), format, channel.uniqueid());
        channel.startRecording(file, null);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", ctx.pathParam("server"));
        n.put("uniqueid", channel.uniqueid());
        n.put("file", file);
        Json.write(ctx, 201, n);
    }

    /** {@code DELETE .../recording}: stops the channel's recording. */
    void stop(Context ctx) {
        Channel channel = servers.readyChannel(ctx.pathParam("server"), ctx.pathParam("uniqueid"));
        channel.stopRecording();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", ctx.pathParam("server"));
        n.put("uniqueid", channel.uniqueid());
        n.put("status", "recording stopped");
        Json.write(ctx, 200, n);
    }

    /**
     * The file name to give MixMonitor, whose extension picks the format: the requested one (relative, no
     * "..") ending in {@code .format} when a format is given (appended unless already there), else as given
     * when it has an extension, else with {@code .wav}.
     */
    static String file(String requested, String format, String uniqueid) {
        if (requested == null) {
            return "switchboard-" + uniqueid + "." + (format == null ? "wav" : format);
        }
        if (requested.length() > MAX_FILE || !FILE.matcher(requested).matches() || requested.contains("..")) {
            throw ApiException.badRequest("file", "must be a relative path of letters, digits, _ . - and /, without"
                    + " '..', at most " + MAX_FILE + " characters");
        }
        if (format != null) {
            return requested.endsWith("." + format) ? requested : requested + "." + format;
        }
        String last = requested.substring(requested.lastIndexOf('/') + 1);
        return last.indexOf('.') > 0 ? requested : requested + ".wav";
    }
}
