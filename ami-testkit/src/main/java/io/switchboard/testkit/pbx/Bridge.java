package io.switchboard.testkit.pbx;

import java.util.ArrayList;
import java.util.List;

/** A bridge: the channels talking to each other (basic call bridge) or waiting in a holding bridge (parking). */
final class Bridge {
    final String uniqueid;
    final String type;
    final String technology;
    final String creator;
    final String name;
    final List<SimChannel> members = new ArrayList<>();
    /** Persistent bridges (a parking lot's) survive becoming empty, so no BridgeDestroy then. */
    final boolean persistent;
    boolean announced;

    Bridge(String uniqueid, String type, String technology, String creator, String name, boolean persistent) {
        this.uniqueid = uniqueid;
        this.type = type;
        this.technology = technology;
        this.creator = creator;
        this.name = name;
        this.persistent = persistent;
    }
}
