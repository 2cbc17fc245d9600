package io.switchboard.testkit.pbx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One simulated channel. Mutable, and touched only on the PBX loop thread, so it needs no locks.
 * Field names follow the AMI channel block they feed.
 */
final class SimChannel {
    final String name;
    final String uniqueid;
    final String tech;
    /** The device whose state this channel counts towards, e.g. {@code Local/hold@test} or {@code PJSIP/alice}. */
    final String device;
    String linkedid;
    ChanState state;
    String cidNum = "";
    String cidName = "";
    String connNum = "";
    String connName = "";
    String language = "en";
    String accountCode = "";
    String context;
    String exten;
    int priority = 1;
    /** The application running now (CoreShowChannel / Status / CLI). */
    String application = "";
    String appData = "";
    /** Variables in the order set; keys keep their inheritance underscores. */
    final Map<String, String> vars = new LinkedHashMap<>();

    final long createdMillis;
    long answeredMillis;
    boolean alive = true;
    /** The Q.850 cause this channel will report in its Hangup event, when something set one (Busy, Hangup(17)). */
    int cause = -1;

    /** The other half of a Local channel pair, or null. */
    SimChannel localPeer;
    /** 1 or 2 for Local halves, 0 otherwise. */
    int half;

    /** Running the dialplan (PBX) rather than a single application or nothing. */
    boolean pbx;
    /** Incremented whenever the channel's execution is interrupted (hangup, redirect): stale timers check it. */
    int runToken;
    /** The timer of the application in progress, cancelled on hangup or redirect. */
    Future<?> pending;
    /** Cleanup of the application in progress (leave queue, stop music...), run on interruption. */
    Runnable onInterrupt;

    Bridge bridge;
    /** The outgoing call this channel is the dialled end of, until it answers or fails. */
    Outbound outbound;
    /** A CLI "channel request hangup" is waiting to be carried out: cascades leave this channel alone. */
    boolean hangupPending;
    /** Both DeviceStateChange events of this Local pair's end were sent. */
    boolean pairReported;
    /**
     * What the application that bridged this channel does when the bridge ends: called with {@code true} when
     * this channel itself hangs up, {@code false} when the other side left (it must then continue or hang up).
     */
    java.util.function.Consumer<Boolean> afterBridge;
    boolean monitoring;

    String lastApp = "";
    String lastData = "";
    String userField = "";
    String dnid = "";

    SimChannel(String name, String uniqueid, String tech, String device, ChanState state, long createdMillis) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.tech = tech;
        this.device = device;
        this.state = state;
        this.createdMillis = createdMillis;
    }

    /** Variable lookup as Asterisk does it: leading inheritance underscores are not part of the name. */
    String var(String key) {
        String k = strip(key);
        String found = null;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            if (strip(e.getKey()).equals(k)) {
                found = e.getValue();
            }
        }
        return found;
    }

    void setVar(String key, String value) {
        String k = strip(key);
        vars.keySet().removeIf(existing -> strip(existing).equals(k));
        vars.put(key, value);
    }

    static String strip(String key) {
        int i = 0;
        while (i < key.length() && i < 2 && key.charAt(i) == '_') {
            i++;
        }
        return key.substring(i);
    }

    boolean isUp() {
        return state == ChanState.UP;
    }

    @Override
    public String toString() {
        return name;
    }
}
