package io.switchboard.ami;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostname verification over HTTPS stays on for a client configured with it (the default) even when the JVM-wide
 * {@code jdk.internal.httpclient.disableHostnameVerification} property is set, e.g. by another library for its
 * own client. Each case runs {@link HostnameCheckMain} in a fresh JVM, since the JDK reads the property once.
 */
class HttpHostnameVerificationTest {
    private static String run(boolean propertySet) throws Exception {
        String classPath = String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath));
        if (propertySet) {
            command.add("-Djdk.internal.httpclient.disableHostnameVerification=true");
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=off");
        command.add(HostnameCheckMain.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output.trim();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        assertThat(run(false)).endsWith("REFUSED");
    }

    @Test
    void evenWhenTheJvmPropertyTurnsTheCheckOffForOtherClients() throws Exception {
        assertThat(run(true)).endsWith("REFUSED");
    }
}
