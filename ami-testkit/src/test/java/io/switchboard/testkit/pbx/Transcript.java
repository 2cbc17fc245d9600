package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import io.switchboard.ami.codec.DecoderLimits;
import io.switchboard.ami.codec.PacketDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A golden recording split the way a PBX test needs it: the actions the client sent, and for each action its
 * reply packets (response, list items, Complete event) and the broadcast events that arrived after that reply
 * and before the next one. Session-level packets (login, FullyBooted, security events, Logoff) are dropped.
 */
final class Transcript {
    /** One action of the .sent file with what the server wrote for it. */
    static final class Step {
        final Packet action;
        final List<Packet> replies = new ArrayList<>();
        /** Broadcast events written after this action's reply, before the next reply. */
        final List<Packet> eventsAfter = new ArrayList<>();

        Step(Packet action) {
            this.action = action;
        }

        String name() {
            return action.get("Action");
        }
    }

    private static final Set<String> SESSION_EVENTS = Set.of("FullyBooted", "SuccessfulAuth", "RequestBadFormat",
            "FailedACL", "InvalidAccountID", "ChallengeSent");

    final String name;
    final List<Step> steps = new ArrayList<>();

    private Transcript(String name) {
        this.name = name;
    }

    static Transcript load(String name) {
        Transcript t = new Transcript(name);
        List<Packet> sent = decode(read(name + ".sent"), false);
        List<Packet> recv = decode(read(name + ".recv"), true);
        for (Packet a : sent) {
            t.steps.add(new Step(a));
        }
        // Replies come in request order; list items and Complete follow their response without interleaving.
        int next = -1;
        boolean inList = false;
        for (Packet p : recv) {
            if (p.kind() == Packet.Kind.RESPONSE) {
                next++;
                Step s = t.steps.get(next);
                s.replies.add(p);
                inList = "start".equalsIgnoreCase(p.get("EventList"));
                continue;
            }
            if (inList) {
                t.steps.get(next).replies.add(p);
                if ("Complete".equalsIgnoreCase(p.get("EventList"))) {
                    inList = false;
                }
                continue;
            }
            if (next >= 0 && !SESSION_EVENTS.contains(p.name())) {
                t.steps.get(next).eventsAfter.add(p);
            }
        }
        return t;
    }

    /** All broadcast events of the recording, in wire order. */
    List<Packet> events() {
        List<Packet> out = new ArrayList<>();
        for (Step s : steps) {
            out.addAll(s.eventsAfter);
        }
        return out;
    }

    static byte[] read(String file) {
        String path = "io/switchboard/transcripts/" + file;
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Packet> decode(byte[] bytes, boolean banner) {
        List<Packet> out = new ArrayList<>();
        PacketDecoder d = new PacketDecoder(DecoderLimits.DEFAULT, banner, out::add);
        d.feed(bytes);
        d.finish();
        return out;
    }

    static String text(String file) {
        return new String(read(file), StandardCharsets.UTF_8);
    }
}
