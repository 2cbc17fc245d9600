package io.switchboard.testkit.internal;

import io.switchboard.ami.Packet;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The manager.c actions FakeAsterisk answers itself once a session is logged in and allowed to run them:
 * Ping, Events, Filter, UserEvent, ListCommands, Command. Texts and header order follow the 22.10.1 recordings.
 */
final class BuiltinActions {
    private static final int USER = Perms.bit("user");

    private final AmiServer server;
    private final LiveSession session;

    BuiltinActions(AmiServer server, LiveSession session) {
        this.server = server;
        this.session = session;
    }

    /** Runs the action {@code name} (lower case); false if it is not a built-in. */
    boolean run(String name, Connection c, Packet req) throws IOException {
        switch (name) {
            case "ping":
                Instant now = Instant.now();
                c.writeRaw(Wire.response("Success", req).add("Ping", "Pong")
                        .add("Timestamp", String.format("%d.%06d", now.getEpochSecond(), now.getNano() / 1000))
                        .end());
                return true;
            case "events":
                events(c, req);
                return true;
            case "filter":
                filter(c, req);
                return true;
            case "userevent":
                userEvent(c, req);
                return true;
            case "listcommands":
                Wire list = Wire.response("Success", req);
                for (String[] command : ActionCatalog.get().listCommands()) {
                    list.add(command[0], command[1]);
                }
                c.writeRaw(list.end());
                return true;
            case "command":
                command(c, req);
                return true;
            default:
                return false;
        }
    }

    private void events(Connection c, Packet req) throws IOException {
        int mask = session.setEventMask(req.get("EventMask"));
        if (mask < 0) {
            c.writeRaw(Wire.error(req, "Invalid event mask"));
        } else {
            c.writeRaw(Wire.response("Success", req).add("Events", mask > 0 ? "On" : "Off").end());
        }
    }

    private void filter(Connection c, Packet req) throws IOException {
        String operation = req.get("Operation");
        if (!"add".equalsIgnoreCase(operation)) {
            c.writeRaw(Wire.error(req, "Unknown operation"));
            return;
        }
        try {
            session.addFilter(EventFilter.parse(req.get("MatchCriteria"), req.get("Filter")));
            c.writeRaw(Wire.success(req, "Success"));
        } catch (EventFilter.InvalidFilterException e) {
            c.writeRaw(Wire.error(req, e.getMessage()));
        }
    }

    /**
     * Asterisk acknowledges, then broadcasts {@code Event: UserEvent} with {@code UserEvent: <name>} followed by
     * every request line except those starting with {@code Action:} or {@code UserEvent:} (any case), ActionID
     * included (§8.2), copied byte for byte as the client wrote them. Over HTTP the parameters become {@code name: value}
     * lines, as Asterisk's HTTP manager makes them.
     */
    private void userEvent(Connection c, Packet req) throws IOException {
        String name = req.get("UserEvent");
        Wire event = Wire.event("UserEvent", USER).add("UserEvent", name == null ? "" : name);
        List<byte[]> lines = c.requestLines();
        for (int i = 0; lines != null && i < lines.size(); i++) {
            byte[] line = lines.get(i);
            if (!startsWithIgnoreCase(line, "Action:") && !startsWithIgnoreCase(line, "UserEvent:")) {
                event.line(line);
            }
        }
        for (int i = 0; lines == null && i < req.size(); i++) {
            if (req.keyEquals(i, "Action") || req.keyEquals(i, "UserEvent")) {
                continue;
            }
            String key = req.key(i);
            event.line(key.isEmpty() ? req.value(i) : key + ": " + req.value(i));
        }
        c.writeRaw(Wire.success(req, "Event Sent"));
        server.broadcast(ServerEvent.ofWire("UserEvent", USER, event.end()));
    }

    private static boolean startsWithIgnoreCase(byte[] line, String prefix) {
        if (line.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) (line[i] & 0xff)) != Character.toLowerCase(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void command(Connection c, Packet req) throws IOException {
        String command = req.get("Command");
        if (command == null || command.isEmpty()) {
            c.writeRaw(Wire.error(req, "No command provided"));
            return;
        }
        if (CliCommands.blacklisted(command)) {
            c.writeRaw(Wire.error(req, "Command blacklisted"));
            return;
        }
        CliCommands.Result result = CliCommands.run(command, server.config(), server.startedAt(), server.engine());
        Wire reply = Wire.response(result.success() ? "Success" : "Error", req)
                .add("Message", "Command output follows");
        if (result.lines().isEmpty()) {
            reply.add("Output", "");  // empty output still gives one empty Output line (§7.4)
        }
        for (String line : result.lines()) {
            reply.add("Output", line);
        }
        c.writeRaw(reply.end());
    }
}
