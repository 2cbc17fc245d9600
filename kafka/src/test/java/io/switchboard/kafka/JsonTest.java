package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ami.ConnectionEvent;
import io.switchboard.ami.Event;
import io.switchboard.ami.Packet;
import io.switchboard.kafka.internal.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void anEventKeepsEveryHeaderInOrderRepeatsIncluded() throws Exception {
        Event e = new Event(Packet.of("Event", "VarSet", "Variable", "A", "Value", "say \"hi\"", "Variable", "B"), 42);
        JsonNode n = MAPPER.readTree(Json.event("pbx1", e, Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(n.get("server").asText()).isEqualTo("pbx1");
        assertThat(n.get("seq").asLong()).isEqualTo(42);
        assertThat(n.get("event").asText()).isEqualTo("VarSet");
        assertThat(n.get("receivedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(n.get("headers").toString())
                .isEqualTo("[[\"Event\",\"VarSet\"],[\"Variable\",\"A\"],[\"Value\",\"say \\\"hi\\\"\"],[\"Variable\",\"B\"]]");
    }

    @Test
    void aStatusChangeNamesTheErrorClassButNotItsMessage() throws Exception {
        ConnectionEvent lost = new ConnectionEvent(ConnectionEvent.Type.LOST, Instant.parse("2026-01-02T03:04:05Z"),
                new java.io.IOException("login admin/secret123 refused"), null, 0);
        JsonNode n = MAPPER.readTree(Json.status("pbx1", lost));
        assertThat(n.get("state").asText()).isEqualTo("LOST");
        assertThat(n.get("error").asText()).isEqualTo("IOException");
        assertThat(n.toString()).doesNotContain("secret123");
        assertThat(n.has("gapStart")).isFalse();
    }

    @Test
    void aCallRecordGetsServerAndUniqueidAndKeepsItsFields() throws Exception {
        JsonNode n = MAPPER.readTree(Json.cdr("pbx1", "1.5", Map.of("billsec", 7, "tags", java.util.List.of("a"))));
        assertThat(n.get("server").asText()).isEqualTo("pbx1");
        assertThat(n.get("uniqueid").asText()).isEqualTo("1.5");
        assertThat(n.get("billsec").asInt()).isEqualTo(7);
        assertThat(n.get("tags").get(0).asText()).isEqualTo("a");
    }
}
