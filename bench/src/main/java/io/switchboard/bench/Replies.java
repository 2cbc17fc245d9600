package io.switchboard.bench;

import io.switchboard.ami.Packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The answers the blast server gives, shaped like Asterisk 22.10.1's (see the golden transcripts): ActionID
 * right after {@code Response}, then the action's own headers. Only what the benchmarked clients send is
 * answered; anything else gets Asterisk's "Invalid/unknown command" error.
 */
final class Replies {
    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    static final String ASTERISK_VERSION = "22.10.1";
    static final String AMI_VERSION = "11.0.0";

    private Replies() {
    }

    /** Starts a response: {@code Response: status} and the request's ActionID if it had one. */
    static void start(ByteArrayOutputStream out, String status, Packet request) {
        line(out, "Response", status);
        int i = request.indexOf("ActionID");
        if (i >= 0) {
            line(out, "ActionID", request.value(i));
        }
    }

    static void line(ByteArrayOutputStream out, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(k, 0, k.length);
        out.write(':');
        out.write(' ');
        out.write(v, 0, v.length);
        out.write('\r');
        out.write('\n');
    }

    static void end(ByteArrayOutputStream out) {
        out.write('\r');
        out.write('\n');
    }

    static void message(ByteArrayOutputStream out, String status, Packet request, String message) {
        start(out, status, request);
        line(out, "Message", message);
        end(out);
    }

    static void ping(ByteArrayOutputStream out, Packet request) {
        start(out, "Success", request);
        line(out, "Ping", "Pong");
        Instant now = Instant.now();
        line(out, "Timestamp", now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000));
        end(out);
    }

    /** What {@code CoreSettings} answers on Asterisk 22 (asterisk-java reads AsteriskVersion from it). */
    static void coreSettings(ByteArrayOutputStream out, Packet request) {
        start(out, "Success", request);
        line(out, "AMIversion", AMI_VERSION);
        line(out, "AsteriskVersion", ASTERISK_VERSION);
        line(out, "SystemName", "");
        line(out, "CoreMaxCalls", "0");
        line(out, "CoreMaxLoadAvg", "0.000000");
        line(out, "CoreRunUser", "");
        line(out, "CoreRunGroup", "");
        line(out, "CoreMaxFilehandles", "0");
        line(out, "CoreRealTimeEnabled", "No");
        line(out, "CoreCDRenabled", "Yes");
        line(out, "CoreHTTPenabled", "No");
        line(out, "SoundsSearchCustomDir", "No");
        end(out);
    }

    /** {@code Command}: only {@code core show version} is known, as in the recording of 22.10.1. */
    static void command(ByteArrayOutputStream out, Packet request) {
        String cmd = request.get("Command");
        if (cmd == null || cmd.isBlank()) {
            message(out, "Error", request, "No command provided");
            return;
        }
        boolean version = cmd.trim().equalsIgnoreCase("core show version");
        start(out, version ? "Success" : "Error", request);
        line(out, "Message", "Command output follows");
        line(out, "Output", version
                ? "Asterisk " + ASTERISK_VERSION + " built by root @ bench on a x86_64 running Linux on 2026-11-26 06:20:11 UTC"
                : "No such command '" + cmd + "' (type 'core show help " + cmd + "' for other possible commands)");
        end(out);
    }

    static void events(ByteArrayOutputStream out, Packet request, boolean on) {
        start(out, "Success", request);
        line(out, "Events", on ? "On" : "Off");
        end(out);
    }

    static void unknown(ByteArrayOutputStream out, Packet request, String action) {
        message(out, "Error", request, "Invalid/unknown command: " + action
                + ". Use Action: ListCommands to show available commands.");
    }
}
