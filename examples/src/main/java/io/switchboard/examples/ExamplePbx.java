package io.switchboard.examples;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.live.AsteriskServer;
import io.switchboard.testkit.FakeAsterisk;
import io.switchboard.testkit.pbx.SimulatedPbx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The plumbing every example shares: parse {@code --name value} options, then connect the live model either to
 * an embedded {@link FakeAsterisk} (the default, so each example runs without a PBX) or, when {@code --host},
 * {@code --port} or {@code --user} is given, to a real Asterisk. The secret of a real server comes only from the
 * environment variable {@value #SECRET_ENV}, never from the command line.
 *
 * <p>The embedded server runs the testkit's simulated PBX with the lab dialplan ({@code Local/hold@test},
 * {@code Local/short@test}, queue {@code testq}, PJSIP endpoints alice and bob...), its clock sped up so that a
 * five-second call lasts a fraction of a second.
 */
public final class ExamplePbx implements AutoCloseable {
    /** The environment variable holding the AMI secret of a real server. */
    public static final String SECRET_ENV = "SWITCHBOARD_SECRET";
    /** How long the examples wait for any one outcome before giving up. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Map<String, String> options;
    private final List<String> arguments;
    private final FakeAsterisk fake;
    private final AsteriskServer server;

    private ExamplePbx(Map<String, String> options, List<String> arguments, FakeAsterisk fake,
                       AsteriskServer server) {
        this.options = options;
        this.arguments = arguments;
        this.fake = fake;
        this.server = server;
    }

    /**
     * Parses {@code args} and connects. Options are {@code --name value} or {@code --name=value}; everything
     * else is a positional argument.
     *
     * @throws IllegalArgumentException on a malformed option or a missing secret
     */
    public static ExamplePbx start(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                arguments.add(a);
            } else if (a.contains("=")) {
                options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                options.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
        }
        boolean real = options.containsKey("host") || options.containsKey("port") || options.containsKey("user");
        if (real) {
            String secret = System.getenv(SECRET_ENV);
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("set " + SECRET_ENV + " to the AMI secret of --user");
            }
            AmiConfig config = AmiConfig.builder()
                    .host(options.getOrDefault("host", "127.0.0.1"))
                    .port(Integer.parseInt(options.getOrDefault("port", Integer.toString(AmiConfig.DEFAULT_PORT))))
                    .username(options.getOrDefault("user", "admin"))
                    .secret(secret)
                    .build();
            return new ExamplePbx(options, arguments, null, AsteriskServer.connect(config));
        }
        // Embedded: a FakeAsterisk on a free loopback port, its simulated clock 20 times faster than real time.
        double timeScale = Double.parseDouble(options.getOrDefault("time-scale", "0.05"));
        FakeAsterisk fake = FakeAsterisk.builder()
                .loginDelay(Duration.ZERO)
                .callEngine(sink -> SimulatedPbx.builder().timeScale(timeScale).build(sink))
                .start();
        System.err.println("(embedded FakeAsterisk on " + fake.host() + ":" + fake.port()
                + "; give --host/--port/--user and $" + SECRET_ENV + " for a real Asterisk)");
        AmiConfig config = AmiConfig.builder().host(fake.host()).port(fake.port())
                .username(FakeAsterisk.DEFAULT_USERNAME).secret(FakeAsterisk.DEFAULT_SECRET).build();
        try {
            return new ExamplePbx(options, arguments, fake, AsteriskServer.connect(config));
        } catch (RuntimeException e) {
            fake.close();
            throw e;
        }
    }

    /** Whether this runs against the embedded FakeAsterisk (examples then set up something worth showing). */
    public boolean embedded() {
        return fake != null;
    }

    /** The live model. */
    public AsteriskServer server() {
        return server;
    }

    /** The AMI client under the model, for events and actions the model does not cover. */
    public AmiClient client() {
        return server.client();
    }

    /** An option's value, or {@code fallback} when it was not given. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** An integer option, or {@code fallback} when it was not given. */
    public int intOption(String name, int fallback) {
        String v = options.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    /** The positional arguments, or {@code fallback} when there are none. */
    public List<String> arguments(List<String> fallback) {
        return arguments.isEmpty() ? fallback : List.copyOf(arguments);
    }

    /**
     * Waits for {@code future} (at most {@link #PATIENCE}) and returns its value; a failure is rethrown as the
     * exception that completed the future (e.g. an {@code OriginateException}), so examples can catch it directly.
     */
    public static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new TimeoutException("no outcome within " + PATIENCE.toSeconds() + " s");
        }
    }

    /** Closes the model, its client and the embedded server. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }
}
