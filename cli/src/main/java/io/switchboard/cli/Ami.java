package io.switchboard.cli;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AmiException;
import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.AuthenticationException;
import io.switchboard.ami.ConnectionLostException;

import java.net.UnknownHostException;
import java.time.Duration;

/** Connecting for the commands, and turning the client's exceptions into one-line messages. */
final class Ami {
    private Ami() {
    }

    /** Connects and logs in; every failure becomes a {@link CliException} with exit code 2. */
    static AmiClient connect(AmiConfig config) {
        String where = config.host() + ":" + config.port();
        try {
            return AmiClient.connect(config);
        } catch (AuthenticationException e) {
            // The library's message names user, server and the server's reason; never the secret.
            throw new CliException(Main.CONNECTION_FAILED, e.getMessage(), e);
        } catch (AmiTimeoutException e) {
            throw new CliException(Main.CONNECTION_FAILED, "no answer from " + where + " within "
                    + seconds(config.connectTimeout()) + " while connecting and logging in", e);
        } catch (ConnectionLostException e) {
            throw new CliException(Main.CONNECTION_FAILED, "cannot connect to " + where + ": " + reason(e), e);
        } catch (AmiException e) {
            throw new CliException(Main.CONNECTION_FAILED, "cannot log in to " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A send that got no usable answer (timeout, lost connection, anything but an error response) as a one-line
     * {@link CliException} with exit code 2; whether a lost action may have run is said.
     */
    static CliException sendFailed(AmiClient client, String actionName, AmiException e) {
        String where = client.config().host() + ":" + client.config().port();
        if (e instanceof AmiTimeoutException) {
            return new CliException(Main.CONNECTION_FAILED, "no complete answer to " + actionName + " from "
                    + where + " within " + seconds(client.config().actionTimeout()), e);
        }
        if (e instanceof ConnectionLostException lost) {
            return new CliException(Main.CONNECTION_FAILED, "connection to " + where + " lost before the answer to "
                    + actionName + (lost.outcome() == ConnectionLostException.Outcome.UNKNOWN
                    ? " (it may have run)" : " (it was not sent)"), e);
        }
        return new CliException(Main.CONNECTION_FAILED, actionName + " to " + where + " failed: " + e.getMessage(), e);
    }

    /** Why a connection attempt failed, in words: the innermost cause's message. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** "10 s", "2.5 s". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
