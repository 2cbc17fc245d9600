package io.switchboard.cli;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Event;
import io.switchboard.testkit.FakeAsterisk;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code switchboard fake-asterisk}: the start method, and the command stopped as Ctrl-C would. */
class FakeAsteriskCommandTest {

    private static AmiClient connect(int port) {
        return AmiClient.connect(AmiConfig.builder().port(port).username(FakeAsterisk.DEFAULT_USERNAME)
                .secret(FakeAsterisk.DEFAULT_SECRET).build());
    }

    @Test
    void startServesClientsAndSimulatesTraffic() throws Exception {
        FakeAsteriskCommand command = new FakeAsteriskCommand();
        command.port = 0;
        command.traffic = 20;
        StringWriter out = new StringWriter();
        try (FakeAsteriskCommand.Running running = command.start(new PrintWriter(out, true))) {
            int port = running.fake().port();
            assertThat(out.toString()).startsWith("FakeAsterisk listening on 127.0.0.1:" + port
                    + " (user admin / secret amp111)\n").contains("Simulating 20 calls per second");
            BlockingQueue<Event> calls = new LinkedBlockingQueue<>();
            try (AmiClient client = connect(port)) {
                assertThat(client.send(Action.named("Ping")).get("Ping")).isEqualTo("Pong");
                client.on("Newchannel", calls::add);
                assertThat(calls.poll(10, TimeUnit.SECONDS)).isNotNull();
            }
        }
    }

    @Test
    void commandRunsUntilStopped() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        FakeAsteriskCommand command = (FakeAsteriskCommand) cmd.getSubcommands().get("fake-asterisk").getCommand();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cmd.execute("fake-asterisk", "--port", "0"));

        await().atMost(Duration.ofSeconds(10)).until(command::isRunning);
        String line = out.toString();
        assertThat(line).startsWith("FakeAsterisk listening on 127.0.0.1:");
        int port = Integer.parseInt(line.replaceAll("(?s)^.*127\\.0\\.0\\.1:(\\d+).*$", "$1"));
        try (AmiClient client = connect(port)) {
            assertThat(client.command("core show version").get(0)).startsWith("Asterisk 22");
        }

        command.stop();
        assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(command.isRunning()).isFalse();
        assertThat(err.toString()).isEmpty();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).as("FakeAsterisk no longer listens").isInstanceOf(IOException.class);
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.run("fake-asterisk", "--traffic", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--traffic");
        assertThat(CliRun.run("fake-asterisk", "--port", "70000").exitCode()).isEqualTo(2);
    }
}
