package io.switchboard.recorder;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.Backoff;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The recording process of {@link RecorderCrashTest}: a recorder attached to the parent's FakeAsterisk. Prints
 * {@code READY} once attached; exits cleanly when its stdin closes (unless the parent kills it first).
 * Arguments: AMI port, JDBC URL, spool directory.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        AmiConfig config = AmiConfig.builder().host("127.0.0.1").port(Integer.parseInt(args[0])).username("admin")
                .secret("amp111").reconnect(true).backoff(Backoff.fixed(Duration.ofMillis(100))).build();
        try (CdrRecorder recorder = CdrRecorder.builder().jdbcUrl(args[1]).spoolDirectory(Path.of(args[2]))
                .cdrGrace(Duration.ofSeconds(2)).closeGrace(Duration.ofSeconds(30))
                .subscriptionCapacity(256).start();
             AmiClient client = AmiClient.connect(config);
             AutoCloseable attached = recorder.attach("pbx", client)) {
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close stdin
            }
            System.out.println("STATS " + recorder.stats()); // close() lets the last records commit
        }
    }
}
