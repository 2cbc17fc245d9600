package io.switchboard.cli;

import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Channel;
import io.switchboard.live.ChannelSnapshot;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard channels}: the live channels as a table (name, state, caller ID, duration, bridge,
 * application) or JSON Lines, read through the live model ({@code AsteriskServer.channels()}).
 */
@Command(name = "channels",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"List the live channels: name, state, caller ID, duration, bridge, application.",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:listed (also when there are none)",
                "2:invalid usage, no secret, login refused, connection failed or lost, or no answer in time"})
final class ChannelsCommand extends LiveListCommand {
    @Override
    void list(AsteriskServer server, PrintWriter out) {
        List<Channel> channels = server.channels();
        Instant now = Instant.now();
        if (json) {
            channels.forEach(c -> JsonLines.write(out, json(c.snapshot(), now)));
        } else if (channels.isEmpty()) {
            out.println("no channels");
        } else {
            Table table = new Table("CHANNEL", "STATE", "CALLER ID", "DURATION", "BRIDGE", "APPLICATION");
            for (Channel c : channels) {
                ChannelSnapshot s = c.snapshot();
                table.row(s.name(), s.state(), s.callerId().isEmpty() ? "" : s.callerId(),
                        duration(s, now), s.bridgeId(), application(s));
            }
            table.print(out, "");
        }
    }

    /** A channel as a JSON object (also used by {@code originate --json}). */
    static Map<String, Object> json(ChannelSnapshot s, Instant now) {
        Map<String, Object> o = JsonLines.object();
        o.put("name", s.name());
        o.put("uniqueid", s.uniqueid());
        o.put("linkedid", s.linkedid());
        o.put("state", s.state().name());
        o.put("callerIdName", s.callerId().name());
        o.put("callerIdNumber", s.callerId().number());
        o.put("durationSeconds", Math.max(0, Duration.between(s.createdAt(), now).toSeconds()));
        o.put("bridge", s.bridgeId());
        o.put("application", s.application());
        o.put("applicationData", s.applicationData());
        o.put("context", s.context());
        o.put("extension", s.extension());
        o.put("priority", s.priority());
        return o;
    }

    /** H:MM:SS since the channel was created. */
    static String duration(ChannelSnapshot s, Instant now) {
        long sec = Math.max(0, Duration.between(s.createdAt(), now).toSeconds());
        return String.format("%d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
    }

    private static String application(ChannelSnapshot s) {
        if (s.application().isEmpty()) {
            return "";
        }
        return s.applicationData().isEmpty() ? s.application() : s.application() + "(" + s.applicationData() + ")";
    }
}
