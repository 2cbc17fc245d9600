/**
 * FakeAsterisk, an embedded AMI server that answers like Asterisk 22, for testing AMI code.
 *
 * <p>Exported: {@code io.switchboard.testkit} ({@code FakeAsterisk}, its builder, {@code Faults} and the JUnit 5
 * {@code FakeAsteriskExtension}), {@code io.switchboard.testkit.pbx} (the simulated PBX behind it, for custom
 * call engines and traffic) and {@code io.switchboard.testkit.postgres} (a throw-away PostgreSQL server for
 * tests). The server itself lives in {@code io.switchboard.testkit.internal} and is not exported.
 *
 * <p>{@code io.switchboard.ami} is required transitively because {@code Packet} appears in this module's API.
 * JUnit Jupiter is {@code requires static}: only {@code FakeAsteriskExtension} uses it, and a program that
 * embeds FakeAsterisk without JUnit (the CLI's demo, a load test) must not need JUnit to start; whoever uses the
 * extension runs under JUnit, which puts the module in the graph. {@code jdk.httpserver} serves AMI over HTTP
 * ({@code /rawman}).
 */
module io.switchboard.testkit {
    requires transitive io.switchboard.ami;
    requires org.slf4j;
    requires jdk.httpserver;
    requires static transitive org.junit.jupiter.api;

    exports io.switchboard.testkit;
    exports io.switchboard.testkit.pbx;
    exports io.switchboard.testkit.postgres;
}
