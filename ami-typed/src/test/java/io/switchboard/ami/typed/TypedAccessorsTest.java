package io.switchboard.ami.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ami.Event;
import io.switchboard.ami.typed.events.AgentCompleteEvent;
import io.switchboard.ami.typed.events.BridgeEnterEvent;
import io.switchboard.ami.typed.events.BridgeMergeEvent;
import io.switchboard.ami.typed.events.CdrEvent;
import io.switchboard.ami.typed.events.ConfbridgeJoinEvent;
import io.switchboard.ami.typed.events.CoreShowChannelsCompleteEvent;
import io.switchboard.ami.typed.events.DialBeginEvent;
import io.switchboard.ami.typed.events.FAXSessionsCompleteEvent;
import io.switchboard.ami.typed.events.HangupEvent;
import io.switchboard.ami.typed.events.LocalBridgeEvent;
import io.switchboard.ami.typed.events.NewCalleridEvent;
import io.switchboard.ami.typed.events.NewExtenEvent;
import io.switchboard.ami.typed.events.QueueMemberStatusEvent;
import io.switchboard.ami.typed.events.QueueParamsEvent;
import io.switchboard.ami.typed.events.RTCPReceivedEvent;
import io.switchboard.ami.typed.events.RenameEvent;
import io.switchboard.ami.typed.events.StatusCompleteEvent;
import io.switchboard.ami.typed.events.VarSetEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Typed accessors on real Asterisk 22 values: numbers, booleans, C escapes, blocks, unknown events. */
class TypedAccessorsTest {
    private static final String[] CHANNEL = {"Channel", "PJSIP/alice-00000001", "ChannelState", "6",
            "ChannelStateDesc", "Up", "CallerIDNum", "1001", "CallerIDName", "O\\'Brien \\\"Bob\\\"",
            "ConnectedLineNum", "<unknown>", "ConnectedLineName", "<unknown>", "Language", "en", "AccountCode", "",
            "Context", "default", "Exten", "1002", "Priority", "3", "Uniqueid", "1795674400.1", "Linkedid",
            "1795674400.1"};

    private static String[] with(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void hangupReadsTheChannelBlockAndTheCause() {
        HangupEvent h = (HangupEvent) TypedEvents.of(Event.of("Hangup",
                with(CHANNEL, "ChanVariable", "MYVAR=it\\'s", "Cause", "16", "Cause-txt", "Normal Clearing")));
        assertThat(h.channel()).isEqualTo("PJSIP/alice-00000001");
        assertThat(h.channelState()).isEqualTo(OptionalInt.of(6));
        assertThat(h.priority()).isEqualTo(OptionalInt.of(3));
        assertThat(h.callerIdName()).isEqualTo("O'Brien \"Bob\"");
        assertThat(h.get("CallerIDName")).isEqualTo("O\\'Brien \\\"Bob\\\""); // the raw value stays readable
        assertThat(h.connectedLineName()).isEqualTo("<unknown>");
        assertThat(h.accountCode()).isEmpty();
        assertThat(h.chanVariables()).containsExactly(Map.entry("MYVAR", "it's"));
        assertThat(h.cause()).isEqualTo(OptionalInt.of(16));
        assertThat(h.causeTxt()).isEqualTo("Normal Clearing");
        assertThat(h.techCause()).isEmpty(); // only sent when non-zero
        assertThat(h.tenantid()).isNull();
        assertThat(h.channels()).containsExactly(h);
        assertThat(h.hasChannel()).isTrue();
    }

    @Test
    void malformedNumbersAndBooleansThrowATypedExceptionFromTheAccessorOnly() {
        HangupEvent h = HangupEvent.of(Event.of("Hangup", "Channel", "x/y", "Cause", "sixteen",
                "ChannelState", " ").packet());
        assertThat(h.channelState()).isEmpty(); // blank counts as absent
        assertThatThrownBy(h::cause).isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("Cause").hasMessageContaining("sixteen")
                .satisfies(t -> {
                    MalformedHeaderException m = (MalformedHeaderException) t;
                    assertThat(m.eventName()).isEqualTo("Hangup");
                    assertThat(m.header()).isEqualTo("Cause");
                    assertThat(m.value()).isEqualTo("sixteen");
                });
        assertThat(h.get("Cause")).isEqualTo("sixteen");
        ConfbridgeJoinEvent j = new ConfbridgeJoinEvent(Event.of("ConfbridgeJoin", "Admin", "maybe"));
        assertThatThrownBy(j::admin).isInstanceOf(MalformedHeaderException.class).hasMessageContaining("boolean");
    }

    @Test
    void listCountsDurationsAndBooleans() {
        assertThat(new CoreShowChannelsCompleteEvent(Event.of("CoreShowChannelsComplete", "EventList", "Complete",
                "ListItems", "6")).listItems()).isEqualTo(OptionalInt.of(6));
        assertThat(new StatusCompleteEvent(Event.of("StatusComplete", "Items", "2")).items()).hasValue(2);
        assertThat(new FAXSessionsCompleteEvent(Event.of("FAXSessionsComplete", "Total", "0")).total()).hasValue(0);
        CdrEvent cdr = new CdrEvent(Event.of("Cdr", "Duration", "12", "BillableSeconds", "10", "UniqueID", "1.2"));
        assertThat(cdr.duration()).isEqualTo(OptionalLong.of(12));
        assertThat(cdr.billableSeconds()).isEqualTo(OptionalLong.of(10));
        assertThat(cdr.uniqueId()).isEqualTo("1.2");
        ConfbridgeJoinEvent j = new ConfbridgeJoinEvent(Event.of("ConfbridgeJoin", "Admin", "Yes", "Muted", "No"));
        assertThat(j.admin()).contains(true);
        assertThat(j.muted()).contains(false);
        assertThat(new LocalBridgeEvent(Event.of("LocalBridge", "LocalOptimization", "No")).localOptimization())
                .contains(false);
        QueueMemberStatusEvent q = new QueueMemberStatusEvent(Event.of("QueueMemberStatus", "Paused", "0",
                "InCall", "1", "Ringinuse", "true", "Penalty", "0", "LastPause", "1795674422", "Interface", "Local/x"));
        assertThat(q.paused()).contains(false);
        assertThat(q.inCall()).contains(true);
        assertThat(q.ringinuse()).contains(true);
        assertThat(q.lastPause()).isEqualTo(OptionalLong.of(1795674422L));
        assertThat(q.interfaceValue()).isEqualTo("Local/x"); // 'interface' is a Java keyword
        assertThat(new ConfbridgeJoinEvent(Event.of("ConfbridgeJoin")).admin()).isEqualTo(Optional.empty());
    }

    @Test
    void unescapesEveryCEscapeAndKeepsWhatIsNotOne() {
        assertThat(HeaderValues.unescape("O\\'Brien")).isEqualTo("O'Brien");
        assertThat(HeaderValues.unescape("\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"\\?"))
                .isEqualTo("\u0007\b\f\n\r\t\u000b\\'\"?");
        assertThat(HeaderValues.unescape("C:\\x")).isEqualTo("C:\\x");
        assertThat(HeaderValues.unescape("end\\")).isEqualTo("end\\");
        assertThat(HeaderValues.unescape("plain")).isEqualTo("plain");
        VarSetEvent v = new VarSetEvent(Event.of("VarSet", "Channel", "none", "Uniqueid", "none",
                "Variable", "GREETING", "Value", "say \\\"hi\\\"\\nbye"));
        assertThat(v.value()).isEqualTo("say \"hi\"\nbye");
        assertThat(v.variable()).isEqualTo("GREETING");
        NewCalleridEvent n = new NewCalleridEvent(Event.of("NewCallerid", "CID-CallingPres",
                "0 (Presentation Allowed, Not Screened)"));
        assertThat(n.cidCallingPres()).isEqualTo("0 (Presentation Allowed, Not Screened)");
    }

    @Test
    void prefixedBlocksAreViews() {
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < CHANNEL.length; i += 2) {
            kv.add("Dest" + CHANNEL[i]);
            kv.add(CHANNEL[i + 1]);
        }
        kv.add("DialString");
        kv.add("alice");
        // Originate: DialBegin without a calling channel, only the Dest block.
        DialBeginEvent d = new DialBeginEvent(Event.of("DialBegin", kv.toArray(String[]::new)));
        assertThat(d.hasChannel()).isFalse();
        assertThat(d.channel()).isNull();
        assertThat(d.dest().hasChannel()).isTrue();
        assertThat(d.dest().channelPrefix()).isEqualTo("Dest");
        assertThat(d.dest().callerIdName()).isEqualTo("O'Brien \"Bob\"");
        assertThat(d.dest().priority()).hasValue(3);
        assertThat(d.channels()).hasSize(1).first().extracting(ChannelSnapshot::uniqueid).isEqualTo("1795674400.1");
        assertThat(d.dialString()).isEqualTo("alice");

        AgentCompleteEvent a = new AgentCompleteEvent(Event.of("AgentComplete",
                with(CHANNEL, "DestChannel", "Local/qagent@test-0000000b;1", "Reason", "caller", "HoldTime", "2")));
        assertThat(a.channels()).extracting(ChannelSnapshot::channel)
                .containsExactly("PJSIP/alice-00000001", "Local/qagent@test-0000000b;1");
        assertThat(a.reason()).isEqualTo("caller"); // text here, unlike OriginateResponse's Reason
        assertThat(a.holdTime()).hasValue(2);

        BridgeMergeEvent m = new BridgeMergeEvent(Event.of("BridgeMerge", "ToBridgeUniqueid", "to-1",
                "ToBridgeNumChannels", "2", "FromBridgeUniqueid", "from-1"));
        assertThat(m.toBridge().bridgeUniqueid()).isEqualTo("to-1");
        assertThat(m.toBridge().bridgeNumChannels()).hasValue(2);
        assertThat(m.bridges()).extracting(BridgeSnapshot::bridgeUniqueid).containsExactly("to-1", "from-1");

        BridgeEnterEvent b = new BridgeEnterEvent(Event.of("BridgeEnter", with(CHANNEL, "BridgeUniqueid", "b-1",
                "BridgeType", "basic", "BridgeNumChannels", "1")));
        assertThat(b.bridgeUniqueid()).isEqualTo("b-1");
        assertThat(b.uniqueid()).isEqualTo("1795674400.1");
        assertThat(b.bridges()).containsExactly(b);
        assertThat(b.swapUniqueid()).isNull();
    }

    @Test
    void wireSpellingsAndWireOnlyHeaders() {
        assertThat(TypedEvents.of(Event.of("Newexten"))).isInstanceOf(NewExtenEvent.class);
        assertThat(TypedEvents.of(Event.of("NewExten"))).isInstanceOf(NewExtenEvent.class);
        RenameEvent r = new RenameEvent(Event.of("Rename", "Channel", "PJSIP/a-1", "Newname", "PJSIP/a-1<MASQ>",
                "Uniqueid", "1.1"));
        assertThat(r.newname()).isEqualTo("PJSIP/a-1<MASQ>");
        QueueParamsEvent q = new QueueParamsEvent(Event.of("QueueParams", "Queue", "testq", "Max", "0",
                "ServicelevelPerf", "0.0", "Weight", "0", "ActionID", "queue-4"));
        assertThat(q.serviceLevelPerf()).isEqualTo("0.0");
        assertThat(q.queue()).isEqualTo("testq");
        assertThat(q.max()).hasValue(0);
        assertThat(q.actionId()).isEqualTo("queue-4");
        RTCPReceivedEvent rtcp = new RTCPReceivedEvent(Event.of("RTCPReceived", "Report0SourceSSRC", "0x1234",
                "Report1SourceSSRC", "0x5678"));
        assertThat(rtcp.reportSourceSsrc(1)).isEqualTo("0x5678");
        assertThat(rtcp.reportSourceSsrc(2)).isNull();
    }

    @Test
    void unknownEventsAreKeptWithEveryHeader() {
        TypedEvent t = TypedEvents.of(Event.of("QueueMember", "Queue", "testq", "Name", "Agent One",
                "ActionID", "q-1"));
        assertThat(t).isInstanceOf(UnknownEvent.class);
        assertThat(t.name()).isEqualTo("QueueMember");
        assertThat(t.get("name")).isEqualTo("Agent One");
        assertThat(t.actionId()).isEqualTo("q-1");
        assertThat(t.eventClass()).isEmpty();
        assertThat(t.channels()).isEmpty();
        assertThat(TypedEvents.of(Event.of("CCAvailable", "Privilege", "cc,all")).eventClass()).contains(AuthClass.CC);
        assertThat(t).isEqualTo(new UnknownEvent(t.event())).hasSameHashCodeAs(new UnknownEvent(t.event()));
    }

    @Test
    void viewsCheckTheNameAndAdaptListeners() {
        assertThatThrownBy(() -> new HangupEvent(Event.of("Newchannel")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Hangup");
        assertThat(new HangupEvent(Event.of("hangup")).name()).isEqualTo("hangup");
        List<HangupEvent> seen = new ArrayList<>();
        var listener = HangupEvent.listener(seen::add);
        listener.onEvent(Event.of("Newchannel", "Channel", "a/b"));
        listener.onEvent(Event.of("Hangup", "Channel", "a/b"));
        assertThat(seen).singleElement().extracting(HangupEvent::channel).isEqualTo("a/b");
        assertThat(seen.get(0)).isEqualTo(new HangupEvent(Event.of("Hangup", "Channel", "a/b")));
        assertThat(seen.get(0).toString()).startsWith("HangupEvent{");
    }
}
