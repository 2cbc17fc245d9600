package io.switchboard.live.internal;

import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The object behind {@link Bridge}; its members are Uniqueids resolved against the live channels on read. */
final class LiveBridge implements Bridge {
    private final String id;
    private final ChannelRegistry channels;
    private volatile String type = "";
    private volatile String technology = "";
    private volatile String creator = "";
    private volatile String name = "";
    private volatile boolean alive = true;
    private final Instant createdAt = Instant.now();
    final List<String> members = new CopyOnWriteArrayList<>();
    /** The model's event counter when an event last touched this bridge. */
    volatile long touchedAt;

    LiveBridge(String id, ChannelRegistry channels) {
        this.id = id;
        this.channels = channels;
    }

    void describe(String type, String technology, String creator, String name) {
        if (!type.isEmpty()) {
            this.type = type;
        }
        if (!technology.isEmpty()) {
            this.technology = technology;
        }
        this.creator = creator;
        this.name = name;
    }

    void destroyed() {
        alive = false;
        members.clear();
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String technology() {
        return technology;
    }

    @Override
    public String creator() {
        return creator;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Channel> channels() {
        List<Channel> out = new ArrayList<>();
        for (String uid : members) {
            LiveChannel c = channels.byUniqueid(uid);
            if (c != null) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public String toString() {
        return "Bridge[" + id + " " + type + "/" + technology + " " + members + (alive ? "" : " destroyed") + "]";
    }
}
