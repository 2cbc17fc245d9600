package io.switchboard.ami.typed.actions;

import io.switchboard.ami.typed.ActionBuilder;

/**
 * What {@code Originate} needs beyond its one required parameter (ami-protocol.md section 9): a
 * {@code tech/resource} channel, and then either an application or a dialplan location, never both. Asterisk
 * would answer these mistakes with an error only after a round trip, or (async) start a call that goes
 * nowhere; the builder refuses them before anything is sent.
 */
final class OriginateRules {
    private OriginateRules() {
    }

    static void check(ActionBuilder<?> b) {
        String channel = b.get("Channel");
        if (channel != null && channel.indexOf('/') < 0) {
            throw new IllegalArgumentException("Originate: Channel must be tech/resource (e.g. PJSIP/alice): " + channel);
        }
        boolean app = b.isSet("Application");
        boolean dialplan = b.isSet("Context") || b.isSet("Exten") || b.isSet("Priority");
        if (app && dialplan) {
            throw new IllegalArgumentException(
                    "Originate: Application and Context/Exten/Priority are mutually exclusive; set one or the other");
        }
        if (!app && !dialplan) {
            throw new IllegalArgumentException("Originate: set either Application (and Data) or Context, Exten and Priority");
        }
        if (dialplan) {
            for (String p : new String[] {"Context", "Exten", "Priority"}) {
                if (!b.isSet(p)) {
                    throw new IllegalArgumentException("Originate: '" + p + "' is missing; a dialplan target needs "
                            + "Context, Exten and Priority");
                }
            }
        }
        if (!app && b.isSet("Data")) {
            throw new IllegalArgumentException("Originate: Data is the argument of Application; it needs Application");
        }
    }
}
