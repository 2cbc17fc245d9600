package io.switchboard.testkit.pbx;

import io.switchboard.ami.Packet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Where replies and events meet: the order a session would see, and re-entrant use from a consumer. */
class OrderingTest {
    @Test
    void anActionsRepliesComeBeforeTheEventsItCauses() {
        List<Packet> timeline = new CopyOnWriteArrayList<>();
        try (SimulatedPbx pbx = SimulatedPbx.builder().timeScale(0.01).build(timeline::add)) {
            pbx.handle(Packet.of("Action", "Setvar", "ActionID", "g", "Variable", "G1", "Value", "v"), timeline::add);
            assertThat(timeline).extracting(Packet::name).containsExactly("Success", "VarSet");
            timeline.clear();
            pbx.handle(Packet.of("Action", "Originate", "Channel", "Local/hold@test", "Application", "Wait",
                    "Data", "600", "Async", "true"), timeline::add);
            assertThat(timeline.get(0).name()).isEqualTo("Success");
            await().atMost(Harness.WAIT).until(() -> timeline.stream()
                    .anyMatch(p -> p.name().equals("OriginateResponse")));
            assertThat(timeline.subList(1, timeline.size())).extracting(Packet::name).startsWith("Newchannel");
        }
    }

    @Test
    void aConsumerMayCallBackIntoTheEngine() {
        List<String> values = new CopyOnWriteArrayList<>();
        SimulatedPbx[] self = new SimulatedPbx[1];
        try (SimulatedPbx pbx = SimulatedPbx.builder().timeScale(0.01).build(event -> {
            if (event.name().equals("Newchannel")) {
                List<Packet> reply = new ArrayList<>();
                self[0].handle(Packet.of("Action", "Getvar", "Channel", event.get("Channel"),
                        "Variable", "CHANNEL(state)"), reply::add);
                values.add(reply.get(0).get("Value"));
            }
        })) {
            self[0] = pbx;
            pbx.cliOriginate("Local/hold@test", "Wait", "600");
            await().atMost(Harness.WAIT).pollInterval(Duration.ofMillis(5)).until(() -> values.size() == 2);
            assertThat(values).containsExactly("Down", "Ring");
        }
    }
}
