package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class OriginateTest {
    @Test
    void channelIdsBecomeTheUniqueidsOfBothLocalHalves() {
        try (Harness h = new Harness()) {
            Packet r = h.sendOne("Action", "Originate", "ActionID", "o1", "Channel", "Local/hold@test",
                    "Application", "Wait", "Data", "600", "Async", "yes",
                    "ChannelId", "my-call-1", "OtherChannelId", "my-call-1-b");
            assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
            Packet one = h.next("Newchannel");
            Packet two = h.next("Newchannel");
            assertThat(one.get("Uniqueid")).isEqualTo("my-call-1");
            assertThat(two.get("Uniqueid")).isEqualTo("my-call-1-b");
            assertThat(two.get("Linkedid")).isEqualTo("my-call-1");
            Packet resp = h.next("OriginateResponse");
            assertThat(resp.get("Uniqueid")).isEqualTo("my-call-1");
            assertThat(resp.get("ActionID")).isEqualTo("o1");
            // A client resyncing after a reconnect finds its call by the id it chose.
            assertThat(h.pbx.channels()).extracting(ChannelInfo::uniqueid).contains("my-call-1", "my-call-1-b");
            assertThat(h.sendOne("Action", "Getvar", "Channel", "my-call-1", "Variable", "CHANNEL(name)")
                    .get("Value")).isEqualTo(one.get("Channel"));
        }
    }

    @Test
    void onlyChannelIdGivenTheSecondHalfGetsSuffix2() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "Channel", "Local/hold@test", "Application", "Wait", "Data", "600",
                    "Async", "true", "ChannelId", "abc");
            h.next("Newchannel");
            assertThat(h.next("Newchannel").get("Uniqueid")).isEqualTo("abc;2");
        }
    }

    @Test
    void aChannelIdInUseFailsTheOriginate() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "Channel", "Local/hold@test", "Application", "Wait", "Data", "600",
                    "Async", "true", "ChannelId", "dup");
            h.next("OriginateResponse");
            Packet sync = h.sendOne("Action", "Originate", "Channel", "Local/hold@test", "Application", "Wait",
                    "ChannelId", "dup");
            assertThat(sync.get("Response")).isEqualTo("Error");
            assertThat(sync.get("Message")).isEqualTo("Originate failed");
            String tooLong = "x".repeat(150);
            assertThat(h.sendOne("Action", "Originate", "Channel", "Local/hold@test", "Application", "Wait",
                    "ChannelId", tooLong).get("Message")).isEqualTo("Uniqueid length exceeds maximum of 149");
        }
    }

    @Test
    void variablesAreSetOnBothHalvesReversedOnTheFirst() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "Channel", "Local/hold@test", "Application", "Wait", "Data", "600",
                    "Async", "1", "Variable", "A=1,B=\"x,y\"", "Variable", "C=3");
            Packet first = h.next("VarSet");
            assertThat(first.get("Variable")).isEqualTo("C");
            assertThat(first.get("Channel")).endsWith(";1");
            h.next("VarSet", "Variable", "A");
            Packet onTwo = h.next(p -> p.name().equals("VarSet") && p.get("Channel").endsWith(";2"));
            assertThat(onTwo.get("Variable")).isEqualTo("A");
            h.next("OriginateResponse");
            String two = h.pbx.channels().get(1).name();
            assertThat(h.sendOne("Action", "Getvar", "Channel", two, "Variable", "B").get("Value")).isEqualTo("x,y");
        }
    }

    @Test
    void unknownTechnologyFailsWithoutEvents() {
        try (Harness h = new Harness()) {
            Packet sync = h.sendOne("Action", "Originate", "ActionID", "b1", "Channel", "Bogus/123",
                    "Application", "Wait", "Data", "1");
            assertThat(sync.get("Message")).isEqualTo("Originate failed");
            h.send("Action", "Originate", "ActionID", "b2", "Channel", "Bogus/123", "Application", "Wait",
                    "Async", "true", "CallerID", "\"X\" <1>");
            Packet resp = h.next("OriginateResponse");
            assertThat(h.seen).hasSize(1);
            assertThat(resp.get("Response")).isEqualTo("Failure");
            assertThat(resp.get("Channel")).isEqualTo("Bogus/123");
            assertThat(resp.get("Reason")).isEqualTo("0");
            assertThat(resp.get("Uniqueid")).isEqualTo("<unknown>");
            assertThat(resp.get("CallerIDNum")).isEqualTo("1");
        }
    }

    @Test
    void validationErrorsUseAsterisksTexts() {
        try (Harness h = new Harness()) {
            assertThat(h.sendOne("Action", "Originate").get("Message")).isEqualTo("Channel not specified");
            assertThat(h.sendOne("Action", "Originate", "Channel", "nolash", "Application", "Wait")
                    .get("Message")).isEqualTo("Invalid channel");
            assertThat(h.sendOne("Action", "Originate", "Channel", "Local/x@test", "Application", "Wait",
                    "Timeout", "soon").get("Message")).isEqualTo("Invalid timeout");
            assertThat(h.sendOne("Action", "Originate", "Channel", "Local/x@test", "Context", "test",
                    "Exten", "wait", "Priority", "nolabel").get("Message")).isEqualTo("Invalid priority");
            assertThat(h.sendOne("Action", "Originate", "Channel", "Local/x@test", "Context", "test",
                    "Exten", "nothere", "Priority", "1").get("Message")).isEqualTo("Extension does not exist.");
            assertThat(h.sendOne("Action", "Originate", "Channel", "Local/wait@test", "Exten", "wait")
                    .get("Message")).isEqualTo("Originate with 'Exten' requires 'Context' and 'Priority'");
            assertThat(h.seen).isEmpty();
            assertThat(h.events).isEmpty();
        }
    }

    @Test
    void syncOriginateBlocksUntilTheEndpointAnswers() {
        try (Harness h = new Harness()) {
            Packet r = h.sendOne("Action", "Originate", "ActionID", "s1", "Channel", "PJSIP/alice",
                    "Application", "Playback", "Data", "hello-world", "CallerID", "Ops <100>");
            assertThat(r.get("Response")).isEqualTo("Success");
            assertThat(r.get("Message")).isEqualTo("Originate successfully queued");
            // The answer happened before the reply: its events are already out.
            Packet up = h.next(p -> p.name().equals("Newstate") && "Up".equals(p.get("ChannelStateDesc")));
            assertThat(up.get("Channel")).isEqualTo("PJSIP/alice-00000000");
            assertThat(Harness.names(h.seen)).containsSubsequence("Newchannel", "NewCallerid", "DialBegin",
                    "Newstate", "Newstate");
            h.next("DialEnd", "DialStatus", "ANSWER");
            h.next("VarSet", "Variable", "PLAYBACKSTATUS");
            Packet hangup = h.next("Hangup");
            assertThat(hangup.get("Channel")).isEqualTo("PJSIP/alice-00000000");
            h.next("Cdr");
        }
    }

    @Test
    void timeoutWhileRingingGivesReason3() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "ActionID", "t1", "Channel", "PJSIP/noanswer", "Application", "Wait",
                    "Async", "true", "Timeout", "3000");
            Packet resp = h.next("OriginateResponse");
            assertThat(resp.get("Response")).isEqualTo("Failure");
            assertThat(resp.get("Reason")).isEqualTo("3");
            assertThat(Harness.names(h.seen)).contains("DialEnd", "Hangup");
            Packet sync = h.sendOne("Action", "Originate", "Channel", "PJSIP/noanswer", "Application", "Wait",
                    "Timeout", "2000");
            assertThat(sync.get("Message")).isEqualTo("Originate failed");
        }
    }

    @Test
    void busyAndCongestionReasons() {
        try (Harness h = new Harness()) {
            h.send("Action", "Originate", "Channel", "Local/busy@test", "Application", "Wait", "Async", "true");
            Packet busy = h.next("OriginateResponse");
            assertThat(busy.get("Reason")).isEqualTo("5");
            assertThat(busy.get("Channel")).isEqualTo("Local/busy@test");
            h.send("Action", "Originate", "Channel", "Local/congestion@test", "Application", "Wait", "Async", "true");
            assertThat(h.next("OriginateResponse").get("Reason")).isEqualTo("8");
            h.send("Action", "Originate", "Channel", "PJSIP/busy", "Application", "Wait", "Async", "true");
            assertThat(h.next("OriginateResponse").get("Reason")).isEqualTo("5");
            h.send("Action", "Originate", "Channel", "Local/hangup@test", "Application", "Wait", "Async", "true");
            Packet hungUp = h.next("OriginateResponse");
            assertThat(hungUp.get("Reason")).isEqualTo("0");
            h.awaitNoChannels();
            assertThat(Harness.names(h.seen)).doesNotContain("Cdr");
        }
    }

    @Test
    void closeReleasesABlockedSyncOriginate() throws Exception {
        Harness h = new Harness(SimulatedPbx.builder().timeScale(1.0));
        CompletableFuture<List<Packet>> reply = CompletableFuture.supplyAsync(() ->
                h.send("Action", "Originate", "Channel", "PJSIP/noanswer", "Application", "Wait",
                        "Timeout", "600000"));
        h.next(p -> p.name().equals("Newstate") && "Ringing".equals(p.get("ChannelStateDesc")));
        h.close();
        assertThat(reply.get().get(0).get("Message")).isEqualTo("Originate failed");
    }
}
