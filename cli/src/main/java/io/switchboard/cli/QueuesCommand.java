package io.switchboard.cli;

import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Queue;
import io.switchboard.live.QueueEntry;
import io.switchboard.live.QueueMember;
import io.switchboard.live.QueueStatistics;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard queues}: every queue with its statistics, its members (state, paused, calls taken) and its
 * waiting callers, through the live model ({@code AsteriskServer.queues()}).
 */
@Command(name = "queues",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"List the queues with their members, waiting callers and statistics.",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:listed (also when there are none)",
                "2:invalid usage, no secret, login refused, connection failed or lost, or no answer in time"})
final class QueuesCommand extends LiveListCommand {
    /** app_queue's device states, by code (AST_DEVICE_*). */
    private static final List<String> MEMBER_STATES = List.of("Unknown", "Not in use", "In use", "Busy", "Invalid",
            "Unavailable", "Ringing", "Ringing, in use", "On hold");


    @Override
    void list(AsteriskServer server, PrintWriter out) {
        List<Queue> queues = server.queues();
        Instant now = Instant.now();
        if (!json && queues.isEmpty()) {
            out.println("no queues");
        }
        for (Queue q : queues) {
            if (json) {
                JsonLines.write(out, json(q, now));
            } else {
                print(out, q, now);
            }
        }
    }

    private static void print(PrintWriter out, Queue q, Instant now) {
        QueueStatistics s = q.statistics();
        out.printf("%s (%s): %d waiting, %d completed, %d abandoned, hold %d s, talk %d s, service level %.1f%% "
                        + "within %d s, %d logged in, %d available%n", q.name(), s.strategy(), q.entries().size(),
                s.completed(), s.abandoned(), s.holdTime(), s.talkTime(), s.serviceLevelPerf(), s.serviceLevel(),
                s.loggedIn(), s.available());
        Table members = new Table("MEMBER", "INTERFACE", "STATE", "PAUSED", "CALLS", "PENALTY");
        for (QueueMember m : q.members()) {
            members.row(m.name(), m.iface(), state(m.status()) + (m.inCall() ? ", in call" : ""),
                    m.paused() ? "yes" + (m.pausedReason().isEmpty() ? "" : " (" + m.pausedReason() + ")") : "no",
                    m.callsTaken(), m.penalty());
        }
        if (!members.isEmpty()) {
            members.print(out, "  ");
        }
        Table callers = new Table("POS", "CALLER", "CALLER ID", "WAITING");
        for (QueueEntry e : q.entries()) {
            callers.row(e.position(), e.channel().name(), e.channel().callerId(), waited(e, now));
        }
        if (!callers.isEmpty()) {
            callers.print(out, "  ");
        }
    }

    private static Map<String, Object> json(Queue q, Instant now) {
        QueueStatistics s = q.statistics();
        Map<String, Object> o = JsonLines.object();
        o.put("name", q.name());
        o.put("strategy", s.strategy());
        Map<String, Object> stats = JsonLines.object();
        stats.put("completed", s.completed());
        stats.put("abandoned", s.abandoned());
        stats.put("holdTime", s.holdTime());
        stats.put("talkTime", s.talkTime());
        stats.put("serviceLevel", s.serviceLevel());
        stats.put("serviceLevelPerf", s.serviceLevelPerf());
        stats.put("maxCallers", s.maxCallers());
        stats.put("weight", s.weight());
        stats.put("loggedIn", s.loggedIn());
        stats.put("available", s.available());
        stats.put("longestHoldTime", s.longestHoldTime());
        o.put("statistics", stats);
        o.put("members", q.members().stream().map(m -> {
            Map<String, Object> j = JsonLines.object();
            j.put("name", m.name());
            j.put("interface", m.iface());
            j.put("stateInterface", m.stateInterface());
            j.put("membership", m.membership());
            j.put("status", m.status());
            j.put("state", state(m.status()));
            j.put("inCall", m.inCall());
            j.put("paused", m.paused());
            j.put("pausedReason", m.pausedReason());
            j.put("callsTaken", m.callsTaken());
            j.put("lastCall", m.lastCall());
            j.put("penalty", m.penalty());
            return j;
        }).toList());
        o.put("callers", q.entries().stream().map(e -> {
            Map<String, Object> j = JsonLines.object();
            j.put("position", e.position());
            j.put("channel", e.channel().name());
            j.put("uniqueid", e.channel().uniqueid());
            j.put("callerIdName", e.channel().callerId().name());
            j.put("callerIdNumber", e.channel().callerId().number());
            j.put("waitSeconds", Math.max(0, Duration.between(e.since(), now).toSeconds()));
            return j;
        }).toList());
        return o;
    }

    static String state(int status) {
        return status >= 0 && status < MEMBER_STATES.size() ? MEMBER_STATES.get(status) : "status " + status;
    }

    private static String waited(QueueEntry e, Instant now) {
        return Math.max(0, Duration.between(e.since(), now).toSeconds()) + " s";
    }
}
