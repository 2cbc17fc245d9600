package io.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.gateway.GatewayFixture.VIEWER;

/** A test's SSE client for /api/v1/events: reads the stream on its own thread until closed. */
final class SseStream implements AutoCloseable {
    /** One SSE message. */
    record Message(String event, String id, JsonNode data) {
    }

    final List<Message> messages = new CopyOnWriteArrayList<>();
    /** {@code : keepalive} comments seen, each followed by the blank line that ends it. */
    final AtomicInteger keepalives = new AtomicInteger();
    final HttpResponse<InputStream> response;
    private final Thread reader;

    SseStream(GatewayFixture f, String query, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/api/v1/events" + query))
                .header("Authorization", "Bearer " + VIEWER).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        response = f.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The sequence numbers of the events received, in order. */
    List<Long> seqs() {
        return messages.stream().filter(m -> "event".equals(m.event())).map(m -> m.data().get("seq").asLong())
                .toList();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            boolean afterKeepalive = false;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        messages.add(new Message(event, id, GatewayFixture.JSON.readTree(data.toString())));
                    } else if (afterKeepalive) {
                        keepalives.incrementAndGet();
                    }
                    event = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
                afterKeepalive = line.equals(": keepalive");
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
