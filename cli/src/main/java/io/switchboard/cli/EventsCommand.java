package io.switchboard.cli;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.Event;
import io.switchboard.ami.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard events}: logs in and prints events as they arrive, as text blocks or JSON Lines, until
 * {@code --count} events were printed, {@code --seconds} passed, or Ctrl-C. The subscription's listener only
 * queues events; this command's own thread prints them, so output is never interleaved and the stop
 * conditions are checked in one place; it also stops, with exit code 0, when its standard output is closed
 * ({@code events | head}). Connection losses and reconnects are reported on stderr. {@code --filter}
 * selects by event name, {@code --channel} by channel or endpoint ({@code AmiClient.onChannel}); given both, an
 * event must pass both.
 */
@Command(name = "events",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Print AMI events as they arrive, until --count events, --seconds, or Ctrl-C.",
                "The secret comes from $" + ConnectionOptions.SECRET_ENV + " or --secret-file, never from the "
                        + "command line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by --count, --seconds, or its output closing (| head); Ctrl-C stops it cleanly too "
                        + "(the JVM then exits with 130, as on any signal)",
                "2:invalid usage, no secret, login refused or connection failed"})
final class EventsCommand implements Callable<Integer> {
    /** Wakes the printing loop when a stop is requested. */
    private static final Event STOP = Event.of("switchboard-stop");
    private static final int QUEUE_CAPACITY = 1024;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--filter", split = ",", paramLabel = "NAME",
            description = "Only these events (names compared ignoring case), e.g. --filter Hangup,Newchannel.")
    List<String> filter = new ArrayList<>();

    @Option(names = "--channel", split = ",", paramLabel = "NAME",
            description = {"Only events about these channels: a full name (PJSIP/alice-00000001) or an endpoint "
                    + "(PJSIP/alice: all of its channels), named by Channel, DestChannel or any other *Channel "
                    + "header. Repeatable; with --filter, both must match."})
    List<String> channels = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    long count;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds.")
    double seconds;

    @Option(names = "--json", description = "Print JSON Lines, one object per event, as decode --json does.")
    boolean json;

    /** Called once the subscription is in place (tests push events only after this). */
    Runnable onSubscribed = () -> { };

    /**
     * Bounded: when output is slower than the server (a paused pipe), the listener waits, the subscription's
     * queue fills and its BLOCK policy pushes back on the socket, instead of this queue growing without limit.
     */
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    /** Set when printing has ended: a waiting listener gives up instead of blocking the client's close. */
    private volatile boolean done;

    @Override
    public Integer call() throws InterruptedException {
        if (count < 0 || seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return Main.fail(spec, new CliException(Main.USAGE, "--count and --seconds must not be negative"));
        }
        if (channels.stream().anyMatch(String::isBlank)) { // before connecting; the client checks the rest
            return Main.fail(spec, new CliException(Main.USAGE, "--channel must not be empty"));
        }
        if (filter.stream().anyMatch(f -> f.isBlank() || f.chars().anyMatch(Character::isWhitespace))) {
            // An event name is one word; a blank or a line break is a typo that would match nothing, silently.
            return Main.fail(spec, new CliException(Main.USAGE, "--filter takes event names without spaces or "
                    + "line breaks, e.g. --filter Hangup,Newchannel"));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PacketPrinter printer = json ? new JsonPacketPrinter(out) : new TextPacketPrinter(out);
        try (StopSignal stop = StopSignal.install("events", () -> queue.offer(STOP))) {
            AmiConfig config;
            AmiClient client;
            try {
                config = connection.config(main.env, b -> b.connectionListener(e -> report(err, e)));
                client = Ami.connect(config);
            } catch (CliException e) {
                return Main.fail(spec, e);
            }
            Subscription subscription;
            try {
                subscription = subscribe(client);
            } catch (IllegalArgumentException e) {
                client.close();
                return Main.fail(spec, new CliException(Main.USAGE, "--channel: " + e.getMessage()));
            }
            try (client; Subscription ignored = subscription) {
                err.println("Connected to " + config.host() + ":" + config.port() + " (" + client.banner() + "); "
                        + (filter.isEmpty() ? "all events" : "events " + String.join(",", filter))
                        + (channels.isEmpty() ? "" : " of channels " + String.join(",", channels))
                        + (count > 0 ? ", stopping after " + count : "") + (seconds > 0 ? ", for " + ConsoleDemo.fmt(seconds) + " s" : "")
                        + (count > 0 || seconds > 0 ? "" : ", until Ctrl-C"));
                err.flush();
                onSubscribed.run();
                print(printer, out, stop);
            } finally {
                done = true;
                printer.flush();
                out.flush();
                err.flush();
            }
            return Main.OK;
        }
    }

    /**
     * One subscription, so events print in wire order and once each. With channels, the client's channel index
     * picks the events and the names are checked here; otherwise the names alone (or nothing) select.
     */
    private Subscription subscribe(AmiClient client) {
        if (channels.isEmpty()) {
            return filter.isEmpty() ? client.onAny(this::enqueue) : client.on(filter, this::enqueue);
        }
        if (filter.isEmpty()) {
            return client.onChannel(channels, this::enqueue);
        }
        return client.onChannel(channels, e -> {
            if (filter.stream().anyMatch(e::is)) {
                enqueue(e);
            }
        });
    }

    /** The listener: waits while the queue is full, until the command's printing has ended. */
    private void enqueue(Event e) {
        try {
            while (!done && !queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                // output is behind: hold the subscription (and through it the socket)
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void print(PacketPrinter printer, PrintWriter out, StopSignal stop) throws InterruptedException {
        long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
        long printed = 0;
        while ((count == 0 || printed < count) && !stop.isStopRequested()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Event e = queue.poll(Math.min(left, TimeUnit.DAYS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (e == STOP) {
                return;
            }
            if (e != null) {
                printer.onPacket(e.packet());
                printer.flush();
                if (out.checkError()) {
                    // stdout is gone (the reader of "| head" has exited): a PrintWriter never throws, so without
                    // this check the tail would run on forever, writing into nothing.
                    return;
                }
                printed++;
            }
        }
    }

    /** Connection changes on stderr, so stdout stays events only. */
    private static void report(PrintWriter err, ConnectionEvent e) {
        String line = switch (e.type()) {
            case LOST -> "connection lost" + (e.cause() == null ? "" : ": " + Ami.reason(e.cause()))
                    + "; reconnecting";
            case LOGIN_FAILED -> "login refused on reconnect" + (e.cause() == null ? "" : ": " + e.cause().getMessage());
            case RESTORED -> "connection restored; events between "
                    + e.gapStart() + " and " + e.at() + " were missed";
            default -> null;
        };
        if (line != null) {
            err.println("switchboard events: " + line);
            err.flush();
        }
    }
}
