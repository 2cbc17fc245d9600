package io.switchboard.live.internal;

import io.switchboard.ami.AmiTimeoutException;
import io.switchboard.ami.Event;
import io.switchboard.live.ParkedCall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Parked calls: ParkedCall adds (event or ParkedCalls list item, same name and headers), ParkedCallGiveUp,
 * ParkedCallTimeOut and UnParkedCall remove, ParkedCallSwap replaces the parkee. Keyed by the parkee's
 * Uniqueid. Mutated under the model lock.
 */
final class ParkingRegistry {
    private final DefaultAsteriskServer server;
    private final Map<String, ParkedCall> byParkee = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ParkedCall>> waiting = new ConcurrentHashMap<>();

    ParkingRegistry(DefaultAsteriskServer server) {
        this.server = server;
    }

    List<ParkedCall> list() {
        List<ParkedCall> all = new ArrayList<>(byParkee.values());
        all.sort(Comparator.comparing(ParkedCall::parkingLot).thenComparing(p -> pad(p.space())));
        return List.copyOf(all);
    }

    private static String pad(String space) {
        return "%12s".formatted(space);
    }

    /** Whether the event is one this registry follows (and a resync must replay after its list). */
    static boolean follows(Event e) {
        return switch (e.name().toLowerCase(Locale.ROOT)) {
            case "parkedcall", "parkedcallgiveup", "parkedcalltimeout", "unparkedcall", "parkedcallswap" -> true;
            default -> false;
        };
    }

    void onEvent(Event e, Instant now) {
        switch (e.name().toLowerCase(Locale.ROOT)) {
            case "parkedcall" -> {
                ParkedCall p = parked(e, now, true);
                if (p == null) {
                    return;
                }
                byParkee.put(p.channel().uniqueid(), p);
                server.notifier().tell(server.listeners(), l -> l.parked(p));
                CompletableFuture<ParkedCall> f = waiting.remove(p.channel().uniqueid());
                if (f != null) {
                    f.complete(p);
                }
            }
            case "parkedcallgiveup", "parkedcalltimeout", "unparkedcall" -> remove(e.get("ParkeeUniqueid"));
            case "parkedcallswap" -> swap(byParkee, parked(e, now, true));
            default -> {
                // not a parking event
            }
        }
    }

    /** ParkedCallSwap: another channel now waits in the space (e.g. a Local channel optimised away). */
    private static void swap(Map<String, ParkedCall> calls, ParkedCall p) {
        if (p != null) {
            calls.values().removeIf(old -> old.parkingLot().equals(p.parkingLot()) && old.space().equals(p.space()));
            calls.put(p.channel().uniqueid(), p);
        }
    }

    private void remove(String parkee) {
        if (parkee == null) {
            return;
        }
        ParkedCall p = byParkee.remove(parkee);
        if (p != null) {
            server.notifier().tell(server.listeners(), l -> l.unparked(p));
        }
    }

    /** A parked channel hung up: it no longer waits in its space. */
    void channelEnded(String uniqueid) {
        remove(uniqueid);
    }

    /**
     * The parked call an event or list item describes; null if its channel is gone. Only a live event may
     * update the channel: list items and replayed events are older than what the channel registry has.
     */
    private ParkedCall parked(Event e, Instant now, boolean live) {
        LiveChannel c = live ? server.channelRegistry().update(e, "Parkee", now)
                : server.channelRegistry().byUniqueid(e.get("ParkeeUniqueid"));
        if (c == null) {
            return null;
        }
        long duration = Headers.longValue(e, "ParkingDuration", 0);
        return new ParkedCall(Headers.text(e, "Parkinglot"), Headers.text(e, "ParkingSpace"), c,
                Headers.text(e, "ParkerDialString"), Headers.longValue(e, "ParkingTimeout", 0),
                now.minusSeconds(duration));
    }

    /**
     * Replaces the parked calls with a ParkedCalls list (lock held). {@code later} are the parking events that
     * reached the model after the list was requested: they are applied on top of it, since the list may predate
     * them. Listeners hear of every call that left or entered a space without an event saying so (the gap).
     */
    void merge(List<Event> items, List<Event> later, Instant now) {
        Map<String, ParkedCall> fresh = new LinkedHashMap<>();
        for (Event item : items) {
            ParkedCall p = parked(item, now, false);
            if (p != null) {
                fresh.put(p.channel().uniqueid(), p);
            }
        }
        for (Event e : later) {
            switch (e.name().toLowerCase(Locale.ROOT)) {
                case "parkedcall" -> {
                    ParkedCall p = parked(e, now, false);
                    if (p != null) {
                        fresh.put(p.channel().uniqueid(), p);
                    }
                }
                case "parkedcallgiveup", "parkedcalltimeout", "unparkedcall" -> fresh.remove(e.get("ParkeeUniqueid"));
                case "parkedcallswap" -> swap(fresh, parked(e, now, false));
                default -> {
                }
            }
        }
        for (ParkedCall old : new ArrayList<>(byParkee.values())) {
            ParkedCall current = fresh.get(old.channel().uniqueid());
            if (current == null || !sameSpace(old, current)) {
                byParkee.remove(old.channel().uniqueid(), old);
                server.notifier().tell(server.listeners(), l -> l.unparked(old));
            }
        }
        for (ParkedCall p : fresh.values()) {
            ParkedCall old = byParkee.put(p.channel().uniqueid(), p);
            if (old == null) {
                server.notifier().tell(server.listeners(), l -> l.parked(p));
            }
        }
    }

    private static boolean sameSpace(ParkedCall a, ParkedCall b) {
        return a.parkingLot().equals(b.parkingLot()) && a.space().equals(b.space());
    }

    /**
     * Runs {@code send} (the Park action) and waits for the ParkedCall event of {@code uniqueid}, which Asterisk
     * sends right after; the client's action timeout bounds the wait.
     */
    ParkedCall awaitParked(String uniqueid, Runnable send) {
        CompletableFuture<ParkedCall> f = new CompletableFuture<>();
        waiting.put(uniqueid, f);
        try {
            send.run();
            long ms = server.client().config().actionTimeout().toMillis();
            return f.get(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ParkedCall event", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AmiTimeoutException("Park succeeded but no ParkedCall event arrived for " + uniqueid);
        } finally {
            waiting.remove(uniqueid, f);
        }
    }
}
