package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GenerateRequestBuilder#telemetry(int)} against the real server: which steps carry the readings. */
class ClientTelemetryTest {
    @RegisterExtension
    static final ConnectedClient service = new ConnectedClient();

    private static List<GenerationEvent.Step> steps(GenerateRequestSpec spec) {
        return service.client().generate(spec).ofType(GenerationEvent.Step.class).toList().blockingGet();
    }

    @Test
    void everyThirdStepAndTheLastCarryTheClassifiersView() {
        List<GenerationEvent.Step> steps = steps(GenerateRequestSpec.builder(service.server().model()).label(2).batch(2)
                .seed(5).sampler(SamplerKind.DDIM, 7).preview(0).telemetry(3).build());
        assertEquals(7, steps.size());
        List<Integer> reporting = steps.stream().filter(GenerationEvent.Step::hasTelemetry)
                .map(GenerationEvent.Step::step).toList();
        assertEquals(List.of(3, 6, 7), reporting);
        for (GenerationEvent.Step s : steps) {
            int n = s.hasTelemetry() ? 2 : 0;
            assertEquals(n, s.entropy().length, "step " + s.step());
            assertEquals(n, s.probs().length, "step " + s.step());
            assertEquals(n, s.gradNorm().length, "step " + s.step());
            assertEquals(2, s.scale().length, "step " + s.step());
        }
        assertTrue(steps.get(2).probs()[1].length == 10);
    }

    @Test
    void withoutTelemetryNoStepCarriesIt() {
        List<GenerationEvent.Step> steps = steps(GenerateRequestSpec.builder(service.server().model()).label(2).seed(5)
                .sampler(SamplerKind.DDIM, 4).preview(0).telemetry(0).build());
        assertEquals(4, steps.size());
        steps.forEach(s -> assertEquals(false, s.hasTelemetry(), "step " + s.step()));
    }
}
