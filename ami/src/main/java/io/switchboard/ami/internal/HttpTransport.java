package io.switchboard.ami.internal;

import io.switchboard.ami.AmiConfig;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** AMI over HTTP ({@code /rawman}): not written yet. */
final class HttpTransport implements Transport {
    HttpTransport(AmiConfig config, Transport.Listener listener) {
    }

    @Override
    public void open() throws IOException {
        throw new IOException("the HTTP transport is not implemented yet");
    }

    @Override
    public CompletableFuture<String> banner() {
        return new CompletableFuture<>();
    }

    @Override
    public void write(PendingAction action) {
    }

    @Override
    public List<PendingAction> drainUnwritten() {
        return List.of();
    }

    @Override
    public boolean isOpen() {
        return false;
    }

    @Override
    public void expectClose() {
    }

    @Override
    public void close() {
    }

    @Override
    public void abort(Throwable cause) {
    }

    @Override
    public long idleNanos() {
        return 0;
    }

    @Override
    public void awaitStopped(long millis) {
    }
}
