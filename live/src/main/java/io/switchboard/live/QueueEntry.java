package io.switchboard.live;

import java.time.Instant;

/**
 * A caller waiting in a queue.
 *
 * @param position 1-based position
 * @param channel  the waiting channel (live)
 * @param since    when it joined the queue (as far as the model knows)
 */
public record QueueEntry(int position, Channel channel, Instant since) {
}
