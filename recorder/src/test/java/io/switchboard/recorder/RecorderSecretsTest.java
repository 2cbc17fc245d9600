package io.switchboard.recorder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that cannot be reached at start is a typed error whose text (and causes') holds no password. */
class RecorderSecretsTest {
    @TempDir
    Path tmp;

    @Test
    void anUnreachableDatabaseIsATypedErrorThatNamesNoPassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/billing?user=rec&password=hunter2";
        assertThatThrownBy(() -> CdrRecorder.builder().jdbcUrl(url).credentials("rec", "swordfish")
                .spoolDirectory(tmp).start())
                .isInstanceOf(RecorderException.class).hasMessageContaining("127.0.0.1:" + port)
                .satisfies(RecorderSecretsTest::noSecretInTheChain);
        assertThatThrownBy(() -> CdrStore.open(url, "rec", "swordfish"))
                .isInstanceOf(RecorderException.class).satisfies(RecorderSecretsTest::noSecretInTheChain);
    }

    private static void noSecretInTheChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t)).doesNotContain("hunter2").doesNotContain("swordfish");
        }
    }
}
