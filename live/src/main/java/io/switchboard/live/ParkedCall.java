package io.switchboard.live;

import java.time.Instant;

/**
 * A call waiting in a parking space.
 *
 * @param parkingLot       lot name, e.g. {@code default}
 * @param space            the space (extension) to dial to retrieve it, e.g. {@code 701}
 * @param channel          the parked channel (live)
 * @param parkerDialString who parked it (dial string to call back), "" if unknown
 * @param timeoutSeconds   seconds left until it times out, as announced
 * @param parkedAt         when it was parked
 */
public record ParkedCall(String parkingLot, String space, Channel channel, String parkerDialString,
                         long timeoutSeconds, Instant parkedAt) {
}
