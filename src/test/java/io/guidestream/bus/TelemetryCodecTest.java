package io.guidestream.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Between cluster nodes commands and frames travel as JSON (RecordCodec): {@code telemetry} survives the trip, a
 * command from a node that predates it means every step, and a step without telemetry stays without.
 */
class TelemetryCodecTest {
    private static GenerateCommand command(GenerateCommand.TelemetrySettings telemetry) {
        return new GenerateCommand("j-1", "reply", "m", List.of(1, 2), 9,
                new GenerateCommand.SamplerSettings(SamplerKind.DDIM, 5, 0),
                GenerateCommand.GuidanceSettings.none(),
                new GenerateCommand.PreviewSettings(1, Set.of(PreviewKind.XT)), telemetry);
    }

    @Test
    void aCommandKeepsItsTelemetryAndOneWithoutTheFieldReportsEveryStep() throws Exception {
        GenerateCommand sent = command(new GenerateCommand.TelemetrySettings(3));
        String json = Json.MAPPER.writeValueAsString(sent);
        assertEquals(sent, Json.MAPPER.readValue(json, GenerateCommand.class));
        ObjectNode old = (ObjectNode) Json.MAPPER.readTree(json);
        old.remove("telemetry");
        GenerateCommand fromOldNode = Json.MAPPER.treeToValue(old, GenerateCommand.class);
        assertEquals(GenerateCommand.TelemetrySettings.EVERY_STEP, fromOldNode.telemetry());
    }

    @Test
    void dueStepsAreEveryKthAndTheLastOrNone() {
        GenerateCommand.TelemetrySettings k3 = new GenerateCommand.TelemetrySettings(3);
        List<Integer> due = java.util.stream.IntStream.rangeClosed(1, 7).filter(s -> k3.due(s, 7)).boxed().toList();
        assertEquals(List.of(3, 6, 7), due);
        for (int s = 1; s <= 7; s++) assertFalse(GenerateCommand.TelemetrySettings.NEVER.due(s, 7), "step " + s);
    }

    @Test
    void aStepWithoutTelemetryStaysWithout() throws Exception {
        StepFrame f = new StepFrame("j", 2, 5, 100, null, new double[] {0}, null, null, List.of(List.of()), 1.5,
                new StepFrame.Tick(1, 1), null, List.of());
        StepFrame back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(f), StepFrame.class);
        assertFalse(back.hasTelemetry());
        assertNull(back.probs());
        assertNull(back.gradNorm());
    }
}
