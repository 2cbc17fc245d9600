package io.switchboard.ami;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Counts the client's threads ({@code switchboard-*}), so a test can check that a client left none behind. */
final class ClientThreads {
    private ClientThreads() {
    }

    static int count() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("switchboard-")).count();
    }

    /** Waits until no more client threads run than {@code before} (threads wind down after a close). */
    static void awaitAtMost(int before) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count() <= before);
    }
}
