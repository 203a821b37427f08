package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.http.GenerateRequest;
import io.guidestream.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request value: the protocol's defaults, its JSON (read back by the server's own parser), its checks. */
class GenerateRequestSpecTest {
    private static final GenerateRequest.Limits LIMITS = new GenerateRequest.Limits(1000, 64);
    private static final String REPLY = "gs.gateway.test.jobs";

    @Test
    void defaultsAreWrittenExplicitlyExceptThoseOnlyTheServerChooses() throws Exception {
        JsonNode json = Json.MAPPER.readTree(GenerateRequestSpec.builder("fashion-cond").build().toJson("r1")
                .toString());
        JsonNode expected = Json.MAPPER.readTree("""
                {"type":"generate","requestId":"r1","model":"fashion-cond","resumable":true,
                 "sampler":{"kind":"ddim","steps":50,"eta":0.0},
                 "guidance":{"method":"none","scale":1.0,"entropyFloor":0.1,
                             "tail":{"scale":4.0,"tau":0.3,"tMin":0.2},"x0":{"lambda":1.0}},
                 "preview":{"every":1,"kinds":["xt","x0"]}}""");
        assertEquals(expected, json);
    }

    @Test
    void everyFieldReachesTheServersParserUnchanged() {
        GenerateRequestSpec spec = GenerateRequestSpec.builder("fashion-cond").labels(7, 3, -1).seed(42)
                .sampler(SamplerKind.DDPM, 20, 0.5).guidance(GuidanceMethod.TAIL, 2.5).classifier("fashion-clf")
                .entropyFloor(0.2).tail(1.5, 0.4, 0.1).x0Lambda(0.3).preview(5, PreviewKind.X0).build();
        GenerateCommand c = GenerateRequest.parse(spec.toJson("r"), "j-1", REPLY, LIMITS).command();
        assertEquals(List.of(7, 3, -1), c.labels());
        assertEquals(42, c.seed());
        assertEquals("DDPM", c.sampler().kind().name());
        assertEquals(20, c.sampler().steps());
        assertEquals(0.5, c.sampler().eta());
        assertEquals("TAIL", c.guidance().method().name());
        assertEquals(2.5, c.guidance().scale());
        assertEquals("fashion-clf", c.guidance().classifier());
        assertEquals(0.2, c.guidance().entropyFloor());
        assertEquals(1.5, c.guidance().tail().scale());
        assertEquals(0.4, c.guidance().tail().tau());
        assertEquals(0.1, c.guidance().tail().tMin());
        assertEquals(0.3, c.guidance().x0().lambda());
        assertEquals(5, c.preview().every());
        assertEquals("[X0]", c.preview().kinds().toString());
        assertEquals(3, spec.images());
    }

    @Test
    void telemetryIsSentWhenNotEveryStepAndTheServerReadsIt() {
        GenerateRequestSpec every3 = GenerateRequestSpec.builder("m").telemetry(3).build();
        assertEquals(3, every3.toJson("r").path("telemetry").path("every").intValue());
        assertEquals(3, GenerateRequest.parse(every3.toJson("r"), "j", REPLY, LIMITS).command().telemetry().every());
        GenerateRequestSpec never = GenerateRequestSpec.builder("m").telemetry(0).build();
        assertEquals(0, never.toJson("r").path("telemetry").path("every").intValue());
        assertEquals(0, GenerateRequest.parse(never.toJson("r"), "j", REPLY, LIMITS).command().telemetry().every());
        assertEquals(never, never.toBuilder().build());
        GenerateRequestSpec everyStep = GenerateRequestSpec.builder("m").build();
        assertEquals(1, everyStep.telemetryEvery());
        // Every step is the default and all that older servers do, which refuse the unknown field: not sent.
        assertTrue(everyStep.toJson("r").path("telemetry").isMissingNode());
        assertEquals(1, GenerateRequest.parse(everyStep.toJson("r"), "j", REPLY, LIMITS).command().telemetry().every());
    }

    @Test
    void oneLabelAndABatchGoAsOneIntAndABatch() {
        GenerateRequestSpec spec = GenerateRequestSpec.builder("m").label(4).batch(3).build();
        JsonNode json = spec.toJson("r");
        assertEquals(4, json.get("label").intValue());
        assertEquals(3, json.get("batch").intValue());
        assertEquals(List.of(4, 4, 4), GenerateRequest.parse(json, "j", REPLY, LIMITS).command().labels());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        GenerateRequestSpec spec = GenerateRequestSpec.builder("m").labels(List.of(1, 2)).seed(9)
                .sampler(SamplerKind.DDPM, 7).guidance(GuidanceMethod.ENTROPY, 3).preview(0).build();
        assertEquals(spec, spec.toBuilder().build());
        assertEquals(Set.of(), spec.previewKinds());
        assertEquals(8, spec.toBuilder().steps(8).build().steps());
    }

    @Test
    void badValuesFailAtBuildNamingTheWireField() {
        assertMessage("sampler.steps must be ≥ 1, got 0", GenerateRequestSpec.builder("m").steps(0));
        assertMessage("sampler.eta must be 0..1, got 1.5", GenerateRequestSpec.builder("m").eta(1.5));
        assertMessage("guidance.scale must be 0..100, got -1", GenerateRequestSpec.builder("m").scale(-1));
        assertMessage("guidance.tail.tau must be 0..1, got 2", GenerateRequestSpec.builder("m").tail(1, 2, 0));
        assertMessage("guidance.entropyFloor must be 0.001..10, got 0",
                GenerateRequestSpec.builder("m").entropyFloor(0));
        assertMessage("guidance.x0.lambda must be 0..1, got NaN",
                GenerateRequestSpec.builder("m").x0Lambda(Double.NaN));
        assertMessage("preview.every must be 0..1000, got 1001", GenerateRequestSpec.builder("m").preview(1001));
        assertMessage("telemetry.every must be 0..1000, got -1", GenerateRequestSpec.builder("m").telemetry(-1));
        assertMessage("telemetry.every must be 0..1000, got 1001",
                GenerateRequestSpec.builder("m").telemetry(1001));
        assertMessage("batch must be ≥ 1, got 0", GenerateRequestSpec.builder("m").batch(0));
        assertMessage("label must be ≥ −1 (−1 = no class), got -2", GenerateRequestSpec.builder("m").label(-2));
        assertMessage("label[1] must be ≥ −1 (−1 = no class), got -5",
                GenerateRequestSpec.builder("m").labels(1, -5));
        assertMessage("label has 2 entries but batch is 3", GenerateRequestSpec.builder("m").labels(1, 2).batch(3));
        assertMessage("seed must be 0..2⁵³−1 (9007199254740991), got -1", GenerateRequestSpec.builder("m").seed(-1));
        assertMessage("guidance.classifier must not be blank", GenerateRequestSpec.builder("m").classifier(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateRequestSpec.builder("Fashion Cond").build());
        assertTrue(e.getMessage().startsWith("model must be a registry name"), e.getMessage());
    }

    private static void assertMessage(String expectedStart, GenerateRequestBuilder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
