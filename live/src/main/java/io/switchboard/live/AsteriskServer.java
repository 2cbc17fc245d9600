package io.switchboard.live;

import io.switchboard.ami.AmiClient;
import io.switchboard.ami.AmiConfig;
import io.switchboard.live.internal.DefaultAsteriskServer;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A live model of one Asterisk server: its channels, bridges, queues and parked calls as objects, built from
 * list actions on connect (CoreShowChannels, BridgeList, QueueStatus, ParkedCalls) and kept current by events.
 * After the AMI connection is lost and restored the model resyncs from the list actions and reports what
 * changed during the gap ({@link ServerListener#resynced}); channels that ended meanwhile become gone, so their
 * objects refuse operations with {@link ChannelGoneException} instead of acting on stale state.
 *
 * <pre>{@code
 * try (AsteriskServer pbx = AsteriskServer.connect(config)) {
 *     for (Channel c : pbx.channels()) System.out.println(c.name() + " " + c.state());
 *     Channel call = pbx.originate(OriginateRequest.to("PJSIP/alice").dialplan("default", "100", 1).build())
 *             .get(40, TimeUnit.SECONDS);
 *     call.setVariable("NOTE", "vip");
 *     call.hangup();
 * }
 * }</pre>
 *
 * <p><b>Events needed.</b> The AMI user needs read classes {@code call}, {@code dialplan} (locations),
 * {@code agent} (queues) and {@code user} (the model's own sync markers) and write classes {@code call},
 * {@code originate}, {@code system}, {@code config}, {@code command} for the respective operations.
 *
 * <p><b>Threads.</b> All methods are thread-safe. Listeners are called on one notification thread per server,
 * in order; the model itself is updated on the client's event thread and never waits for listeners.
 */
public interface AsteriskServer extends AutoCloseable {

    /** Connects a new AMI client and builds the model; {@link #close()} closes the client too. */
    static AsteriskServer connect(AmiConfig config) {
        return DefaultAsteriskServer.connect(config);
    }

    /**
     * Builds the model over a client the caller owns (and closes). Events that happened before this call are
     * not replayed; the model starts from the list actions.
     */
    static AsteriskServer over(AmiClient client) {
        return DefaultAsteriskServer.over(client);
    }

    /** The AMI client behind the model, for anything the model does not cover. */
    AmiClient client();

    /** Whether the model is in step with the server (false between a connection loss and the resync). */
    boolean isSynced();

    /** The live channels, oldest first. */
    List<Channel> channels();

    /** A live channel by name (case-insensitive) or Uniqueid. */
    Optional<Channel> channel(String nameOrUniqueid);

    /**
     * Originates a call; the future completes with the answered channel (already in {@link #channels()}), or
     * exceptionally with {@link OriginateException} (busy, congestion, no answer...),
     * {@link io.switchboard.ami.ActionFailedException} (refused, e.g. unknown extension), or
     * {@link io.switchboard.ami.AmiException} subclasses for connection trouble. If the connection breaks
     * after Asterisk accepted the originate, the future waits for the resync and completes with the channel if
     * the server has one with the request's ChannelId.
     */
    CompletableFuture<Channel> originate(OriginateRequest request);

    /**
     * Calls {@code partyA} and, when A answers, connects it to {@code partyB}: A is originated to the
     * {@code Dial} application with B as its argument, so B rings while A hears ringback, and the two end up in
     * one bridge when B answers (A's caller ID is shown to B as set by the dial plan or {@code callerId}).
     * The future completes with A's channel once A answered; {@link Channel#bridge()} follows when B answers.
     *
     * @param partyA  dial string of the first party (called first), e.g. {@code PJSIP/alice}
     * @param partyB  dial string of the second party, e.g. {@code PJSIP/bob} or {@code Local/200@default}
     * @param template timeout, caller ID, variables and account for the originate of A (its channel and
     *                 application are replaced); may be null
     */
    CompletableFuture<Channel> connect(String partyA, String partyB, OriginateRequest template);

    /** {@link #connect(String, String, OriginateRequest)} with Asterisk's defaults. */
    default CompletableFuture<Channel> connect(String partyA, String partyB) {
        return connect(partyA, partyB, null);
    }

    /** The live bridges. */
    List<Bridge> bridges();

    /** A bridge by id. */
    Optional<Bridge> bridge(String id);

    /** The queues and their members and callers. */
    List<Queue> queues();

    /** A queue by name. */
    Optional<Queue> queue(String name);

    /** The parked calls, by lot and space. */
    List<ParkedCall> parkedCalls();

    /**
     * The PJSIP endpoints with their contacts and device state, read now from Asterisk
     * ({@code PJSIPShowEndpoints}, {@code PJSIPShowContacts}); empty when the server has none.
     */
    List<Endpoint> endpoints();

    /**
     * Every device the server can call, PJSIP endpoints first, then IAX2 peers ({@code IAXpeers}), read now.
     * A server without {@code chan_iax2} (Asterisk answers {@code Invalid/unknown command}) gives only the
     * PJSIP endpoints, one without PJSIP only the IAX2 peers.
     */
    List<Peer> peers();

    /** Runs a CLI command and returns its output lines. */
    List<String> command(String cliCommand);

    /** Reads a configuration file ({@code GetConfig}). */
    ConfigFile configFile(String fileName);

    /** Applies edits to a configuration file and saves it ({@code UpdateConfig}), then reloads if asked. */
    void updateConfig(String fileName, ConfigEdit edit);

    /** Reloads a module ({@code Reload}), or everything for null. */
    void reload(String module);

    /**
     * Rebuilds the model from list actions now (as after a reconnect) and reports what differed. Listeners get
     * the same report.
     */
    CompletableFuture<ResyncReport> resync();

    /** Adds a listener for channels appearing, changing and ending, resyncs and parking. */
    Registration addListener(ServerListener listener);

    /** Stops following events; closes the client if this model opened it. Idempotent. */
    @Override
    void close();
}
