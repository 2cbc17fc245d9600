/**
 * The live object model of one Asterisk server: {@code AsteriskServer}, {@code Channel}, {@code Bridge},
 * {@code Queue}, {@code ParkedCall}, {@code Endpoint}, {@code ConfigFile}, kept current by AMI events.
 *
 * <p>Exported: {@code io.switchboard.live} only; the event handling and resync code in
 * {@code io.switchboard.live.internal} is not API. {@code io.switchboard.ami} is required transitively because
 * the model is opened over an {@code AmiClient} or {@code AmiConfig} and its exceptions extend
 * {@code AmiException}.
 */
module io.switchboard.live {
    requires transitive io.switchboard.ami;
    requires org.slf4j;

    exports io.switchboard.live;
}
