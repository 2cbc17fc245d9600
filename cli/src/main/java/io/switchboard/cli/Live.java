package io.switchboard.cli;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.live.AsteriskServer;

import java.util.function.Function;

/**
 * A live model for one command run ({@code channels}, {@code originate}, {@code queues}, {@code peers}): logs in
 * as {@code action} does (no reconnect, no keepalive), then builds the model over that client. Closing closes
 * both.
 */
final class Live implements AutoCloseable {
    private final AmiClient client;
    private final AsteriskServer server;

    private Live(AmiClient client, AsteriskServer server) {
        this.client = client;
        this.server = server;
    }

    /** Connects; every failure becomes a {@link CliException} with exit code 2. */
    static Live connect(ConnectionOptions options, Function<String, String> env) {
        AmiConfig config = options.oneShot(env);
        AmiClient client = Ami.connect(config);
        try {
            return new Live(client, AsteriskServer.over(client));
        } catch (AmiException e) {
            client.close();
            throw new CliException(Main.CONNECTION_FAILED, "cannot read the state of " + options.where() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The model. */
    AsteriskServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            client.close();
        }
    }
}
