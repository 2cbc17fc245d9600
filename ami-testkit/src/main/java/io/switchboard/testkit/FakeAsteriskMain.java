package io.switchboard.testkit;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeAsterisk} as a standalone process until it is killed, for trying clients by hand:
 * {@code java io.switchboard.testkit.FakeAsteriskMain [--port P]}. Without {@code --port} it takes 5038 if that
 * is free, else any free port; {@code --port 0} always takes a free port. The default account is admin / amp111.
 */
public final class FakeAsteriskMain {
    private FakeAsteriskMain() {
    }

    /** Starts the server, prints where it listens, and blocks until the process ends. */
    public static void main(String[] args) throws InterruptedException {
        FakeAsterisk fake;
        try {
            fake = start(System.out, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: FakeAsteriskMain [--port P]");
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-asterisk-shutdown"));
        new CountDownLatch(1).await();
    }

    /**
     * Parses the arguments, starts the server and prints the "listening" line to {@code out}; for callers that
     * embed the command (the CLI) and manage the server's life themselves.
     */
    public static FakeAsterisk start(PrintStream out, String... args) {
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = parsePort(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = parsePort(args[i].substring("--port=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        FakeAsterisk fake;
        if (port != null) {
            fake = FakeAsterisk.builder().port(port).start();
        } else {
            try {
                fake = FakeAsterisk.builder().port(FakeAsterisk.AMI_PORT).start();
            } catch (UncheckedIOException busy) {
                fake = FakeAsterisk.builder().port(0).start();
            }
        }
        out.println("FakeAsterisk listening on " + fake.host() + ":" + fake.port() + " (user "
                + FakeAsterisk.DEFAULT_USERNAME + " / secret " + FakeAsterisk.DEFAULT_SECRET + ")");
        out.flush();
        return fake;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number: " + text, e);
        }
    }
}
