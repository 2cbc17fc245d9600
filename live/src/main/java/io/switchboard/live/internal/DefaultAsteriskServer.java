package io.switchboard.live.internal;

import io.switchboard.ami.Action;
import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.ConnectionListener;
import io.switchboard.ami.Event;
import io.switchboard.ami.OverflowPolicy;
import io.switchboard.ami.Subscription;
import io.switchboard.live.AsteriskServer;
import io.switchboard.live.Bridge;
import io.switchboard.live.Channel;
import io.switchboard.live.ConfigEdit;
import io.switchboard.live.ConfigFile;
import io.switchboard.live.Endpoint;
import io.switchboard.live.OriginateRequest;
import io.switchboard.live.ParkedCall;
import io.switchboard.live.Peer;
import io.switchboard.live.Queue;
import io.switchboard.live.Registration;
import io.switchboard.live.ResyncReport;
import io.switchboard.live.ServerListener;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The model: one event subscription feeding the registries under one lock, a connection listener that resyncs
 * after a reconnect, and the operations that are not about a single channel.
 */
public final class DefaultAsteriskServer implements AsteriskServer {
    /** Enough to absorb a burst of events while a resync merges; BLOCK pushes back on Asterisk beyond it. */
    private static final int QUEUE_CAPACITY = 100_000;

    private final AmiClient client;
    private final boolean ownsClient;
    private final Object lock = new Object();
    private final Notifier notifier = new Notifier();
    private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();
    private final ChannelRegistry channels = new ChannelRegistry(this);
    private final BridgeRegistry bridges = new BridgeRegistry(channels);
    private final QueueRegistry queues = new QueueRegistry(this);
    private final ParkingRegistry parking = new ParkingRegistry(this);
    private final Originations originations = new Originations(this);
    private final Resync resync = new Resync(this);
    private final Subscription subscription;
    private final ConnectionListener connectionListener = this::onConnectionEvent;
    private volatile boolean synced;
    private volatile boolean closed;

    private DefaultAsteriskServer(AmiClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.subscription = client.subscribe(DefaultAsteriskServer::relevant, this::onEvent, QUEUE_CAPACITY,
                OverflowPolicy.BLOCK);
        client.addConnectionListener(connectionListener);
    }

    /** See {@link AsteriskServer#connect(AmiConfig)}. */
    public static AsteriskServer connect(AmiConfig config) {
        DefaultAsteriskServer[] model = new DefaultAsteriskServer[1];
        // Subscribe before the login, so no event between the login and the first list is missed.
        AmiClient client = AmiClient.connect(config, c -> model[0] = new DefaultAsteriskServer(c, true));
        model[0].initialSync();
        return model[0];
    }

    /** See {@link AsteriskServer#over(AmiClient)}. */
    public static AsteriskServer over(AmiClient client) {
        DefaultAsteriskServer model = new DefaultAsteriskServer(Objects.requireNonNull(client, "client"), false);
        model.initialSync();
        return model;
    }

    private void initialSync() {
        Duration wait = client.config().actionTimeout().multipliedBy(2);
        try {
            resync.run(null).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while building the live model", e);
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new io.switchboard.ami.AmiTimeoutException("the live model could not be built within " + wait);
        }
    }

    /** Events the model follows: anything about a channel, a bridge, a queue or parking, and its markers. */
    private static boolean relevant(Event e) {
        return e.has("Uniqueid") || e.has("BridgeUniqueid") || e.has("ToBridgeUniqueid") || e.has("ParkeeUniqueid")
                || e.has("Queue") || e.is("UserEvent") || e.is("OriginateResponse");
    }

    private void onEvent(Event e) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (e.is("UserEvent") && Resync.MARKER.equals(e.get("UserEvent"))) {
                resync.onMarker(e);
                return;
            }
            Instant now = Instant.now();
            channels.onEvent(e, now);
            bridges.onEvent(e);
            parking.onEvent(e, now);
            queues.onEvent(e, now);
            if (e.is("OriginateResponse")) {
                originations.onResponse(e);
            }
            resync.followed(e);
        }
    }

    private void onConnectionEvent(ConnectionEvent event) {
        switch (event.type()) {
            case LOST, CLOSED -> {
                if (synced) {
                    synced = false;
                    notifier.tell(listeners, ServerListener::disconnected);
                }
            }
            case RESTORED -> {
                if (!closed) {
                    // Never call back into the client from its own listener thread.
                    CompletableFuture.runAsync(() -> resync.run(event.gapStart()));
                }
            }
            default -> {
            }
        }
    }

    // ---- for the registries ----

    Object lock() {
        return lock;
    }

    Notifier notifier() {
        return notifier;
    }

    List<ServerListener> listeners() {
        return listeners;
    }

    ChannelRegistry channelRegistry() {
        return channels;
    }

    BridgeRegistry bridgeRegistry() {
        return bridges;
    }

    QueueRegistry queueRegistry() {
        return queues;
    }

    ParkingRegistry parking() {
        return parking;
    }

    Originations originations() {
        return originations;
    }

    /** A channel ended (model lock held): it leaves its bridge, queue and parking space. */
    void onChannelEnded(LiveChannel c) {
        bridges.channelEnded(c.uniqueid());
        queues.channelEnded(c.uniqueid());
        parking.channelEnded(c.uniqueid());
    }

    /** A resync merged (model lock held). */
    void synced(ResyncReport report) {
        synced = true;
        notifier.tell(listeners, l -> l.resynced(report));
    }

    // ---- AsteriskServer ----

    @Override
    public AmiClient client() {
        return client;
    }

    @Override
    public boolean isSynced() {
        return synced && !closed;
    }

    @Override
    public List<Channel> channels() {
        return channels.list();
    }

    @Override
    public Optional<Channel> channel(String nameOrUniqueid) {
        return Optional.ofNullable(channels.find(nameOrUniqueid));
    }

    @Override
    public CompletableFuture<Channel> originate(OriginateRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the live model is closed"));
        }
        return originations.originate(request);
    }

    @Override
    public CompletableFuture<Channel> connect(String partyA, String partyB, OriginateRequest template) {
        Objects.requireNonNull(partyA, "partyA");
        if (partyB == null || partyB.isBlank() || partyB.indexOf('/') <= 0) {
            throw new IllegalArgumentException("partyB must be a dial string like PJSIP/bob: " + partyB);
        }
        OriginateRequest.Builder b = template == null ? OriginateRequest.to(partyA)
                : copyTo(template, partyA);
        long seconds = (template == null ? OriginateRequest.DEFAULT_TIMEOUT : template.timeout()).toSeconds();
        // Dial(B,timeout): B rings as long as A did; arguments with a comma are the caller's own Dial options.
        String data = partyB.indexOf(',') >= 0 ? partyB : partyB + "," + seconds;
        return originate(b.application("Dial", data).build());
    }

    private static OriginateRequest.Builder copyTo(OriginateRequest t, String channel) {
        OriginateRequest.Builder b = OriginateRequest.to(channel).timeout(t.timeout()).earlyMedia(t.earlyMedia());
        t.callerId().ifPresent(b::callerId);
        t.account().ifPresent(b::account);
        t.channelId().ifPresent(b::channelId);
        t.otherChannelId().ifPresent(b::otherChannelId);
        t.variables().forEach(b::variable);
        return b;
    }

    @Override
    public List<Bridge> bridges() {
        return bridges.list();
    }

    @Override
    public Optional<Bridge> bridge(String id) {
        return Optional.ofNullable(bridges.get(id));
    }

    @Override
    public List<Queue> queues() {
        return queues.list();
    }

    @Override
    public Optional<Queue> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public List<ParkedCall> parkedCalls() {
        return parking.list();
    }

    @Override
    public List<Endpoint> endpoints() {
        return Endpoints.read(client);
    }

    @Override
    public List<Peer> peers() {
        return Endpoints.peers(client);
    }

    @Override
    public List<String> command(String cliCommand) {
        return client.command(cliCommand);
    }

    @Override
    public ConfigFile configFile(String fileName) {
        requireText(fileName, "file name");
        return ConfigFiles.parse(fileName, client.send(ConfigFiles.getConfig(fileName)));
    }

    @Override
    public void updateConfig(String fileName, ConfigEdit edit) {
        requireText(fileName, "file name");
        client.send(ConfigFiles.updateConfig(fileName, Objects.requireNonNull(edit, "edit")));
    }

    @Override
    public void reload(String module) {
        Action a = Action.named("Reload");
        if (module != null && !module.isEmpty()) {
            a = a.header("Module", module);
        }
        client.send(a);
    }

    @Override
    public CompletableFuture<ResyncReport> resync() {
        return resync.run(null);
    }

    @Override
    public Registration addListener(ServerListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        subscription.close();
        client.removeConnectionListener(connectionListener);
        originations.closeAll();
        notifier.close();
        if (ownsClient) {
            client.close();
        }
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    @Override
    public String toString() {
        return "AsteriskServer[" + client.config().host() + ":" + client.config().port() + ", "
                + channels.list().size() + " channels" + (isSynced() ? "" : ", not synced") + "]";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
