package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.JobWatch;
import io.guidestream.RunningService;
import io.guidestream.TestModels;
import io.guidestream.bus.EvalCommand;
import io.guidestream.config.Role;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client lists a model's stored evaluations with both feature spaces' figures, as the web app's Evaluate view
 * does: an evaluation submitted over REST to the real gateway, sampler and evaluator (the tiny models, with a tiny
 * second feature space under the default second space's name) comes back through {@link GuidestreamClient#evaluations}
 * with the figures the evaluator stored.
 */
class ClientEvaluationsTest {
    private static final String JOB = "{\"model\":\"tiny-cond\",\"n\":24,\"seed\":3,\"batch\":12,"
            + "\"features\":\"tiny-features\",\"sampler\":{\"kind\":\"ddim\",\"steps\":3},"
            + "\"guidance\":{\"method\":\"classifier\",\"scale\":1.5}}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.EVALUATOR)
            .models(dir -> {
                ModelRegistry registry = TestModels.registry(dir);
                TestModels.publish(registry, EvalCommand.DEFAULT_SECOND, ModelRole.FEATURES,
                        TestModels.tinyClassifier(), 10, null, 5);
            })
            .build();

    @Test
    void aSubmittedEvaluationIsListedWithItsFiguresInBothSpaces() throws Exception {
        JsonNode result;
        try (Http http = new Http(service.vertx(), service.port())) {
            Http.Reply submitted = http.post("/api/eval", JOB);
            assertEquals(202, submitted.status(), submitted.body());
            List<JsonNode> progress = JobWatch.untilFinished(service.vertx(), service.port(),
                    submitted.json().path("jobId").asText(), 180);
            JsonNode last = progress.get(progress.size() - 1);
            assertEquals("completed", last.path("state").asText(), last.toString());
            result = last.path("result");
        }
        try (GuidestreamClient client = GuidestreamClient.connect(URI.create("http://127.0.0.1:" + service.port()))) {
            List<StoredEvaluation> listed = client.evaluations(TestModels.COND).blockingGet();
            assertEquals(1, listed.size(), listed.toString());
            StoredEvaluation e = listed.get(0);
            assertEquals(result.path("key").asText(), e.key());
            assertTrue(e.submitted(), "run through POST /api/eval");
            assertEquals(TestModels.COND, e.model());
            assertEquals(1, e.modelVersion());
            assertEquals(3, e.seed());
            assertEquals(24, e.n());
            assertEquals(SamplerKind.DDIM, e.sampler());
            assertEquals(3, e.steps());
            assertEquals(GuidanceMethod.CLASSIFIER, e.guidance());
            assertEquals(1.5, e.scale());
            assertEquals(TestModels.CLASSIFIER, e.classifier());
            assertFalse(e.summary().isEmpty());
            JsonNode metrics = result.path("metrics");
            assertEquals(metrics.path("accuracy").doubleValue(), e.accuracy());
            assertEquals("tiny-features", e.features().space());
            assertEquals(metrics.path("fid").doubleValue(), e.features().fid());
            assertEquals(metrics.path("precision").doubleValue(), e.features().precision());
            assertEquals(metrics.path("recall").doubleValue(), e.features().recall());
            StoredEvaluation.Scores second = e.second();
            assertNotNull(second, "the second space's figures: " + metrics);
            assertEquals(EvalCommand.DEFAULT_SECOND, second.space());
            assertEquals(1, second.spaceVersion());
            assertEquals(metrics.path("second").path("fid").doubleValue(), second.fid());
            assertEquals(metrics.path("second").path("recall").doubleValue(), second.recall());
            assertTrue(second.fid() != e.features().fid(), "two spaces, two distances");

            assertEquals(List.of(), client.evaluations(TestModels.UNCOND).blockingGet(), "none stored there");
            assertEquals(e, client.evaluations(TestModels.COND, 1).blockingGet().get(0), "version 1 explicitly");
            GuidestreamException unknown = assertThrows(GuidestreamException.class,
                    () -> client.evaluations("no-such-model").blockingGet());
            assertEquals(ErrorCode.UNKNOWN_MODEL, unknown.code());
            assertTrue(unknown.getMessage().contains("no-such-model"), unknown.getMessage());
            assertEquals(ErrorCode.UNKNOWN_MODEL, assertThrows(GuidestreamException.class,
                    () -> client.evaluations(TestModels.COND, 9).blockingGet()).code());
        }
    }

    @Test
    void withoutASecondSpaceTheSecondFiguresAreNull() {
        String body = """
                {"card":{},"metrics":{"latest":"k","evaluations":{"k":{"summary":"s","seconds":1.5,
                 "created":"2026-12-05T12:17:44Z","metrics":{"fid":1.87,"precision":0.84,"recall":0.92,
                 "accuracy":null,"second":null},"config":{"model":"m","modelVersion":2,"n":2000,"seed":0,
                 "sampler":{"kind":"DDIM","steps":25},"guidance":{"method":"NONE","scale":1.0,"classifier":"c",
                 "tailScale":1.0,"x0Lambda":0.1,"entropyFloor":0.1},"features":"fashion-features",
                 "featuresVersion":3}}}}}""";
        StoredEvaluation e = EvaluationsWire.read(body).get(0);
        assertNull(e.second());
        assertNull(e.accuracy());
        assertFalse(e.submitted());
        assertEquals(new StoredEvaluation.Scores("fashion-features", 3, 1.87, 0.84, 0.92), e.features());
        GuidestreamException broken = assertThrows(GuidestreamException.class,
                () -> EvaluationsWire.read(body.replace("\"fid\":1.87,", "")));
        assertEquals(ErrorCode.PROTOCOL, broken.code());
        assertTrue(broken.getMessage().contains("fid"), broken.getMessage());
    }
}
