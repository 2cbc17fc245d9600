package io.switchboard.testkit.pbx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The channel-related CLI commands, with the output format of Asterisk 22: {@code core show channels}
 * ({@code [concise|count]}), {@code channel originate}, {@code channel request hangup}. Other commands are not
 * ours ({@link Optional#empty()}), so the AMI server can answer them itself.
 */
final class Cli {
    private final Pbx pbx;
    private final Originator originator;

    Cli(Pbx pbx, Originator originator) {
        this.pbx = pbx;
        this.originator = originator;
    }

    /** Runs on the loop thread. */
    Optional<List<String>> run(String command) {
        List<String> w = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        String joined = String.join(" ", w).toLowerCase(Locale.ROOT);
        if (joined.equals("core show channels") || joined.equals("core show channels verbose")) {
            return Optional.of(showChannels());
        }
        if (joined.equals("core show channels concise")) {
            return Optional.of(concise());
        }
        if (joined.equals("core show channels count")) {
            return Optional.of(counts());
        }
        if (joined.startsWith("channel originate ")) {
            return Optional.of(originate(w.subList(2, w.size())));
        }
        if (joined.startsWith("channel request hangup ")) {
            return Optional.of(requestHangup(w.get(3)));
        }
        return Optional.empty();
    }

    private List<String> showChannels() {
        List<String> out = new ArrayList<>();
        out.add(String.format("%-64.64s %-32.32s %-7.7s %-30.30s", "Channel", "Location", "State",
                "Application(Data)"));
        for (SimChannel c : newestFirst()) {
            String app = c.application.isEmpty() ? "(None)" : c.application + "(" + c.appData + ")";
            out.add(String.format("%-64.64s %-32.32s %-7.7s %-30.30s", c.name,
                    c.exten + "@" + c.context + ":" + c.priority, c.state.desc, app));
        }
        out.addAll(counts());
        return out;
    }

    private List<String> concise() {
        List<String> out = new ArrayList<>();
        long now = pbx.nowMillis();
        for (SimChannel c : newestFirst()) {
            out.add(String.join("!", c.name, c.context, c.exten, Integer.toString(c.priority), c.state.desc,
                    c.application, c.appData, c.cidNum, c.accountCode, "", "3",
                    Long.toString((now - c.createdMillis) / 1000), c.bridge == null ? "" : c.bridge.uniqueid,
                    c.uniqueid));
        }
        return out;
    }

    private List<String> counts() {
        int channels = pbx.channels.size();
        long calls = pbx.channels.values().stream().filter(c -> c.pbx).count();
        return List.of(channels + " active channel" + (channels == 1 ? "" : "s"),
                calls + " active call" + (calls == 1 ? "" : "s"),
                pbx.callsProcessed + " call" + (pbx.callsProcessed == 1 ? "" : "s") + " processed");
    }

    private List<SimChannel> newestFirst() {
        List<SimChannel> list = new ArrayList<>(pbx.channels.values());
        java.util.Collections.reverse(list);
        return list;
    }

    /** {@code channel originate <tech/data> application <app> [data]} or {@code ... extension [exten@]context}. */
    private List<String> originate(List<String> args) {
        if (args.size() < 3) {
            return List.of("Usage: channel originate <tech/data> application|extension ...");
        }
        Originator.Request r = new Originator.Request();
        r.channel = args.get(0);
        if (r.channel.indexOf('/') < 0) {
            return List.of("Invalid channel");
        }
        if (args.get(1).equalsIgnoreCase("application")) {
            r.application = args.get(2);
            r.data = args.size() > 3 ? String.join(" ", args.subList(3, args.size())) : "";
        } else if (args.get(1).equalsIgnoreCase("extension")) {
            String target = args.get(2);
            int at = target.indexOf('@');
            r.exten = at < 0 ? "s" : target.substring(0, at);
            r.context = at < 0 ? target : target.substring(at + 1);
            r.priority = 1;
        } else {
            return List.of("Usage: channel originate <tech/data> application|extension ...");
        }
        originator.place(r, new Originator.Outcome() {
            @Override
            public void answered(SimChannel channel) {
            }

            @Override
            public void failed(int reason) {
            }
        });
        return List.of("");
    }

    private List<String> requestHangup(String which) {
        if (which.equalsIgnoreCase("all")) {
            pbx.calls.requestHangup(new ArrayList<>(pbx.channels.values()));
            return List.of("Requested Hangup on all channels");
        }
        SimChannel c = pbx.find(which);
        if (c == null) {
            return List.of(which + " is not a known channel");
        }
        pbx.calls.requestHangup(List.of(c));
        return List.of("Requested Hangup on channel '" + c.name + "'");
    }
}
