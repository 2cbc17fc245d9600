package io.switchboard.testkit;

import io.switchboard.ami.Packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoginTest {
    private FakeAsterisk fake;

    @BeforeEach
    void start() {
        fake = FakeAsterisk.builder()
                .account("admin", "amp111", "all", "all")
                .account("readonly", "ro123", "call,system", "")
                .loginDelay(Duration.ZERO)
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void sendsTheBannerAsOneLineWithoutBlankLine() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            c.send("Action: Ping\r\n\r\n");
            c.nextResponse();
            assertThat(c.rawText()).startsWith("Asterisk Call Manager/11.0.0\r\nResponse: Error\r\n");
            assertThat(c.banner()).isEqualTo("Asterisk Call Manager/11.0.0");
        }
    }

    @Test
    void plainLoginSucceedsAndIsFollowedByFullyBootedAndSuccessfulAuth() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            Packet r = c.request("Action: Login\r\nActionID: 1\r\nUsername: ADMIN\r\nSecret: amp111\r\n\r\n");
            assertThat(r.headers()).extracting(h -> h.key() + ": " + h.value())
                    .containsExactly("Response: Success", "ActionID: 1", "Message: Authentication accepted");
            assertThat(c.next().name()).isEqualTo("FullyBooted");
            Packet auth = c.next();
            assertThat(auth.name()).isEqualTo("SuccessfulAuth");
            // The account is found case-insensitively, but the session keeps the name as typed (authenticate()).
            assertThat(auth.get("AccountID")).isEqualTo("ADMIN");
            assertThat(auth.get("RemoteAddress")).endsWith("/" + c.localPortForTest());
            assertThat(fake.awaitLoggedIn(1, AmiTestClient.TIMEOUT)).isTrue();
            c.send("Action: NoSuchAction\r\n\r\n");
            assertThat(c.nextEvent("RequestBadFormat").get("AccountID")).isEqualTo("ADMIN");
            assertThat(c.request("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\n\r\n").get("Message"))
                    .isEqualTo("Already authenticated");
        }
    }

    @Test
    void wrongSecretFailsAfterTheDelayAndClosesTheSocket() {
        fake.close();
        fake = FakeAsterisk.builder().loginDelay(Duration.ofMillis(200)).start();
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            long start = System.nanoTime();
            Packet r = c.request("Action: Login\r\nUsername: admin\r\nSecret: nope\r\n\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(r.get("Response")).isEqualTo("Error");
            assertThat(r.get("Message")).isEqualTo("Authentication failed");
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
        }
    }

    @Test
    void unknownUserAndMissingSecretFailToo() {
        for (String login : new String[] {"Username: nobody\r\nSecret: amp111", "Username: admin", "Secret: amp111"}) {
            try (AmiTestClient c = AmiTestClient.connect(fake)) {
                assertThat(c.request("Action: Login\r\n" + login + "\r\n\r\n").get("Message"))
                        .isEqualTo("Authentication failed");
                assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
            }
        }
    }

    @Test
    void md5LoginWithTheChallengeSucceeds() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            String challenge = c.request("Action: Challenge\r\nAuthType: md5\r\n\r\n").get("Challenge");
            assertThat(challenge).matches("[0-9]{9}");
            assertThat(c.request("Action: Challenge\r\nAuthType: MD5\r\n\r\n").get("Challenge"))
                    .as("reused within the session").isEqualTo(challenge);
            Packet r = c.request("Action: Login\r\nAuthType: MD5\r\nUsername: admin\r\nKey: "
                    + GoldenLiveTest.md5(challenge + "amp111") + "\r\n\r\n");
            assertThat(r.get("Message")).isEqualTo("Authentication accepted");
        }
    }

    @Test
    void md5LoginFailsWithUppercaseKeyOrWithoutChallenge() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            String challenge = c.request("Action: Challenge\r\nAuthType: MD5\r\n\r\n").get("Challenge");
            Packet r = c.request("Action: Login\r\nAuthType: MD5\r\nUsername: admin\r\nKey: "
                    + GoldenLiveTest.md5(challenge + "amp111").toUpperCase() + "\r\n\r\n");
            assertThat(r.get("Message")).isEqualTo("Authentication failed");
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
        }
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            Packet r = c.request("Action: Login\r\nAuthType: MD5\r\nUsername: admin\r\nKey: "
                    + GoldenLiveTest.md5("123456789amp111") + "\r\n\r\n");
            assertThat(r.get("Message")).isEqualTo("Authentication failed");
        }
    }

    @Test
    void challengeNeedsMd5() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            Packet r = c.request("Action: Challenge\r\nAuthType: plain\r\n\r\n");
            assertThat(r.get("Response")).isEqualTo("Error");
            assertThat(r.get("Message")).isEqualTo("Must specify AuthType");
        }
    }

    @Test
    void onlyLoginLogoffAndChallengeBeforeLogin() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            for (String action : new String[] {"Ping", "CoreShowChannels", "NoSuchAction", "Events"}) {
                Packet r = c.request("Action: " + action + "\r\nActionID: x\r\n\r\n");
                assertThat(r.get("Message")).isEqualTo("Permission denied");
            }
            assertThat(c.request("Action: logoff\r\n\r\n").get("Response")).isEqualTo("Goodbye");
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
        }
    }

    @Test
    void readonlyUserMayPingButNotOriginateOrCommandAndGetsNoSecurityEvents() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            c.send("Action: Login\r\nUsername: readonly\r\nSecret: ro123\r\n\r\n");
            assertThat(c.nextResponse().get("Message")).isEqualTo("Authentication accepted");
            assertThat(c.next().name()).isEqualTo("FullyBooted");
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping")).as("no SuccessfulAuth in between")
                    .isEqualTo("Pong");
            for (String action : new String[] {"Originate", "Command", "CoreShowChannels", "Filter", "UserEvent"}) {
                assertThat(c.request("Action: " + action + "\r\n\r\n").get("Message"))
                        .as(action).isEqualTo("Permission denied");
            }
            assertThat(c.request("Action: NoSuchAction\r\n\r\n").get("Message"))
                    .startsWith("Invalid/unknown command: NoSuchAction.");
            assertThat(c.request("Action: ListCommands\r\n\r\n").get("Response")).isEqualTo("Success");
            assertThat(c.pending()).as("no RequestBadFormat: it is a security event").isZero();
        }
    }

    @Test
    void loginEventsHeaderSetsTheMask() {
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            c.send("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\nEvents: off\r\n\r\n");
            c.nextResponse();
            assertThat(c.request("Action: Ping\r\n\r\n").get("Ping"))
                    .as("neither FullyBooted nor SuccessfulAuth").isEqualTo("Pong");
            assertThat(c.pending()).isZero();
        }
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            c.send("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\nEvents: security\r\n\r\n");
            c.nextResponse();
            assertThat(c.next().name()).isEqualTo("SuccessfulAuth");
        }
    }

    @Test
    void refusedLoginsFailUntilAllowedAgain() {
        fake.faults().refuseLogins(true);
        try (AmiTestClient c = AmiTestClient.connect(fake)) {
            assertThat(c.request("Action: Login\r\nUsername: admin\r\nSecret: amp111\r\n\r\n").get("Message"))
                    .isEqualTo("Authentication failed");
            assertThat(c.awaitClosed(AmiTestClient.TIMEOUT)).isTrue();
        }
        fake.faults().refuseLogins(false);
        try (AmiTestClient c = AmiTestClient.login(fake, "admin", "amp111")) {
            assertThat(fake.awaitLoggedIn(1, AmiTestClient.TIMEOUT)).isTrue();
        }
    }
}
