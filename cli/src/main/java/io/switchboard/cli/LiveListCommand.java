package io.switchboard.cli;

import io.switchboard.ami.AmiException;
import io.switchboard.live.AsteriskServer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What {@code channels}, {@code peers} and {@code queues} share: the connection and logging options, {@code --json},
 * connecting the live model, and the exit codes; a subclass only prints what it lists.
 */
abstract class LiveListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--json", description = "Print JSON Lines, one object per item.")
    boolean json;

    /** Prints the listing from a connected, synced model. */
    abstract void list(AsteriskServer server, PrintWriter out);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Live live = Live.connect(connection, main.env)) {
            list(live.server(), out);
            out.flush();
            return Main.OK;
        } catch (CliException e) {
            return Main.fail(spec, e);
        } catch (AmiException e) {
            return Main.fail(spec, new CliException(Main.CONNECTION_FAILED, e.getMessage(), e));
        }
    }
}
