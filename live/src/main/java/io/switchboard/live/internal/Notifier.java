package io.switchboard.live.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that calls user listeners, in the order the model changed. Kept apart from the event thread
 * so that a slow or blocking listener (one that sends an action and waits) delays only later notifications,
 * never the model itself or the AMI reader.
 */
final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private volatile Thread thread;
    private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "switchboard-live-notify");
                t.setDaemon(true);
                thread = t;
                return t;
            });

    /** Queues a notification; exceptions thrown by listeners are logged, the next notification still runs. */
    void post(Runnable notification) {
        try {
            executor.execute(() -> {
                try {
                    notification.run();
                } catch (RuntimeException e) {
                    LOG.warn("live model listener failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nobody is listening any more
        }
    }

    /**
     * Queues a call of {@code call} on each of {@code listeners} (as registered now). Each listener is called on
     * its own: one that throws is logged and the others still hear of the change.
     */
    <L> void tell(List<? extends L> listeners, java.util.function.Consumer<? super L> call) {
        if (listeners.isEmpty()) {
            return;
        }
        List<? extends L> targets = List.copyOf(listeners);
        post(() -> {
            for (L l : targets) {
                guard(() -> call.accept(l));
            }
        });
    }

    /** Runs one listener call (on the notification thread), logging what it throws instead of passing it on. */
    static void guard(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            LOG.warn("live model listener failed", e);
        }
    }

    /** Runs any task on the notification thread (used to leave client callback threads quickly). */
    java.util.concurrent.Executor executor() {
        return this::post;
    }

    @Override
    public void close() {
        executor.shutdown();
        if (Thread.currentThread() == thread) {
            return; // a listener closed the model: it cannot wait for itself
        }
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
