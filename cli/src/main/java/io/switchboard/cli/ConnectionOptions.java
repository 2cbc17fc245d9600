package io.switchboard.cli;

import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.AuthType;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;

/**
 * Where and how {@code action} and {@code events} log in. The secret never comes from the command line (it
 * would show in {@code ps} and shell history): it is read from the environment variable
 * {@value #SECRET_ENV} or from the first line of {@code --secret-file}.
 */
final class ConnectionOptions {
    /** The environment variable holding the AMI secret. */
    static final String SECRET_ENV = "SWITCHBOARD_SECRET";

    @Option(names = "--host", paramLabel = "HOST", description = "AMI server (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT",
            description = "AMI port (default: " + AmiConfig.DEFAULT_PORT + ", or " + AmiConfig.DEFAULT_TLS_PORT
                    + " with --tls).")
    Integer port;

    @Option(names = {"--user", "--username"}, required = true, paramLabel = "USER",
            description = "AMI user (a manager.conf section).")
    String user;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Read the secret from the first line of FILE (else from $" + SECRET_ENV + ").")
    Path secretFile;

    @Option(names = "--tls", description = "Connect with TLS (the JVM's default trust store, host name checked).")
    boolean tls;

    @Option(names = "--md5", description = "Log in with an MD5 challenge, so the secret never travels.")
    boolean md5;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Connect and action deadline in seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds = 10;

    /**
     * The client configuration: these options, then whatever {@code extra} adds; {@code env} looks up environment
     * variables (replaceable in tests). Options the client would refuse are a usage error (exit 2) naming the
     * option, checked before the secret is looked up, so {@code --port 99999} never ends in a stack trace.
     */
    AmiConfig config(Function<String, String> env, UnaryOperator<AmiConfig.Builder> extra) {
        if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds)) {
            throw new CliException(Main.USAGE, "--timeout must be a positive number of seconds");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new CliException(Main.USAGE, "--port must be 1 to 65535, not " + port);
        }
        if (host.isBlank() || hasLineBreak(host)) {
            throw new CliException(Main.USAGE, "--host must be a host name or address");
        }
        if (user.isBlank() || hasLineBreak(user)) {
            throw new CliException(Main.USAGE, "--user must be a manager.conf user name");
        }
        Duration timeout = Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
        AmiConfig.Builder b = AmiConfig.builder()
                .host(host)
                .port(port != null ? port : tls ? AmiConfig.DEFAULT_TLS_PORT : AmiConfig.DEFAULT_PORT)
                .username(user)
                .secret(secret(env))
                .authType(md5 ? AuthType.MD5 : AuthType.PLAIN)
                .connectTimeout(timeout)
                .actionTimeout(timeout);
        if (tls) {
            try {
                b.tls(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new CliException(Main.CONNECTION_FAILED, "TLS is not available in this JVM: " + e.getMessage(), e);
            }
        }
        try {
            return extra.apply(b).build();
        } catch (IllegalArgumentException e) {
            // The client's own checks (a line break in the secret, say); its messages never carry the value.
            throw new CliException(Main.USAGE, "invalid connection settings: " + e.getMessage(), e);
        }
    }

    /**
     * The configuration of a command that does one thing and exits: a lost connection is an error to report,
     * not one to reconnect from, and no keepalive Pings run beside the work.
     */
    AmiConfig oneShot(Function<String, String> env) {
        return config(env, b -> b.reconnect(false).keepaliveInterval(null));
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** "host:port", for messages. */
    String where() {
        return host + ":" + (port != null ? port : tls ? AmiConfig.DEFAULT_TLS_PORT : AmiConfig.DEFAULT_PORT);
    }

    private String secret(Function<String, String> env) {
        if (secretFile != null) {
            String line;
            try (BufferedReader in = Files.newBufferedReader(secretFile, StandardCharsets.UTF_8)) {
                line = in.readLine();
            } catch (NoSuchFileException e) {
                throw new CliException(Main.USAGE, "secret file " + secretFile + " does not exist");
            } catch (IOException e) {
                throw new CliException(Main.USAGE, "cannot read secret file " + secretFile + ": " + e.getMessage(), e);
            }
            String secret = line == null ? "" : line.strip();
            if (secret.isEmpty()) {
                throw new CliException(Main.USAGE, "secret file " + secretFile + " is empty (the secret is its first line)");
            }
            return secret;
        }
        String secret = env.apply(SECRET_ENV);
        if (secret == null || secret.isEmpty()) {
            throw new CliException(Main.USAGE, "no AMI secret: set " + SECRET_ENV + " or give --secret-file FILE "
                    + "(a secret is never accepted on the command line)");
        }
        return secret;
    }
}
