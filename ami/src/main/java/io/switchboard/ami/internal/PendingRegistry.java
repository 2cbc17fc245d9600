package io.switchboard.ami.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The actions awaiting an answer, by ActionID. */
final class PendingRegistry {
    private final ConcurrentHashMap<String, PendingAction> byId = new ConcurrentHashMap<>();

    /** Adds the action; false if its ActionID is already pending. */
    boolean register(PendingAction p) {
        return byId.putIfAbsent(p.id, p) == null;
    }

    PendingAction get(String id) {
        return byId.get(id);
    }

    /** Removes exactly this action (not a newer one that reused its id); true if it was there. */
    boolean remove(PendingAction p) {
        return byId.remove(p.id, p);
    }

    /** Removes and returns every pending action. */
    List<PendingAction> removeAll() {
        List<PendingAction> all = new ArrayList<>();
        for (PendingAction p : byId.values()) {
            if (byId.remove(p.id, p)) {
                all.add(p);
            }
        }
        return all;
    }

    /** Every pending action whose deadline has passed at {@code nowNanos}. */
    List<PendingAction> expired(long nowNanos) {
        List<PendingAction> out = null;
        for (PendingAction p : byId.values()) {
            if (p.expiredAt(nowNanos)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(p);
            }
        }
        return out == null ? List.of() : out;
    }

    /** The pending actions now (a copy). */
    List<PendingAction> snapshot() {
        return new ArrayList<>(byId.values());
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }
}
