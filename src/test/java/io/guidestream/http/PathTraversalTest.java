package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.WsProbe;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PublishMode;
import io.guidestream.bus.TrainCommand;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every field and path parameter that names a folder (a run to resume, a model, a base model, a classifier, a features
 * network, a model name in a URL, an evaluation key) refuses anything but its own format, names the field, and gives
 * the same answer whether or not the folder it points at exists. A folder outside the runs folder is never touched.
 */
class PathTraversalTest {
    private static final String SPEC = "{\"precious\":true}";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.TRAINER, Role.EVALUATOR)
            .limits(LimitsConfig.defaults().withRequestsPerSecond(10_000))
            .build();
    static Http http;
    /** A folder beside the runs folder, shaped like a run: what "../victim" used to take over. */
    static Path victim;

    @BeforeAll
    static void connect() throws Exception {
        victim = Files.createDirectories(service.dir().resolve("victim"));
        Files.writeString(victim.resolve("spec.json"), SPEC);
        http = new Http(service.vertx(), service.port());
    }

    @AfterAll
    static void disconnect() {
        http.close();
    }

    @Test
    void resumeFromTakesOnlyATrainingJobIdAndTheAnswerDoesNotRevealWhatExists() throws Exception {
        for (String path : List.of("../victim", "../../victim", victim.toString(), "t-x/../../victim", "..", ".",
                "t-00000000-0000-0000-0000-000000000000/../../victim", "t-00000000-0000-0000-0000-000000000000/x")) {
            assertBadTraining("{\"model\":\"x\",\"objective\":\"ce\",\"resumeFrom\":\"" + path + "\"}",
                    "resumeFrom must be a training job id");
        }
        Http.Reply existing = train("\"resumeFrom\":\"../victim\"");
        Http.Reply absent = train("\"resumeFrom\":\"../absent\"");
        assertEquals(existing.status(), absent.status());
        assertEquals(existing.json().path("message").asText().replace("victim", "?"),
                absent.json().path("message").asText().replace("absent", "?"), "an existing folder is not revealed");
        // A well-formed id of no job: the same answer as any other unknown id.
        assertBadTraining("{\"model\":\"x\",\"objective\":\"ce\",\"resumeFrom\":\""
                + "t-00000000-0000-0000-0000-000000000000\"}", "names no training job");
        assertVictimUntouched();
    }

    /** The trainer's own fence, for whatever reaches it without passing the gateway's check. */
    @Test
    void theTrainerResolvesRunsOnlyInsideItsRunsFolder() throws Exception {
        for (String path : List.of("../victim", victim.toString(), "t-x/../../victim")) {
            TrainCommand cmd = new TrainCommand("t-fence", "x", "classifier", "ce", 2, 2, 1e-3, 1, 1, path, null,
                    PublishMode.VERSION, false);
            Object reply = service.vertx().eventBus().request(Addresses.TRAIN_SUBMIT, cmd).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).body();
            assertTrue(reply instanceof JobEvent.Failed f && f.message().contains("resumeFrom '" + path
                    + "' names no training job"), path + " → " + reply);
        }
        assertVictimUntouched();
    }

    @Test
    void modelNamesInTrainingAndEvaluationRequestsAreRegistryNames() throws Exception {
        for (String name : List.of("../victim", "..", "tiny-cond/../../victim", "/tmp", "Tiny-Cond", "-x")) {
            assertBadTraining("{\"model\":\"" + name + "\",\"objective\":\"ce\"}", "model must be a registry name");
            assertBadTraining("{\"model\":\"x\",\"objective\":\"ce\",\"baseModel\":\"" + name + "\"}",
                    "baseModel must be a registry name");
            assertBadEval("{\"model\":\"" + name + "\",\"n\":4}", "model must be a registry name");
            assertBadEval("{\"model\":\"tiny-cond\",\"n\":4,\"features\":\"" + name + "\"}",
                    "features must be a registry name");
            assertBadEval("{\"model\":\"tiny-cond\",\"n\":4,\"guidance\":{\"method\":\"classifier\",\"classifier\":\""
                    + name + "\"}}", "guidance.classifier must be a registry name");
        }
    }

    @Test
    void generationNamesItsModelAndClassifierByRegistryName() throws Exception {
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send("{\"type\":\"generate\",\"model\":\"../tiny-cond\"}");
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "model must be a registry name");
            ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"guidance\":{\"method\":\"classifier\","
                    + "\"classifier\":\"../../tiny-clf\"}}");
            GenerateSocketTest.assertError(ws.nextText(10), "BAD_REQUEST", "guidance.classifier must be a registry name");
        }
    }

    /** The router decodes %2F: before the check, {@code tiny-cond%2F1} reached the registry as name and version. */
    @Test
    void encodedSeparatorsInModelUrlsNeverReachAVersionOrAFolder() throws Exception {
        for (String name : List.of("tiny-cond%2F1", "..%2Fvictim", "%2E%2E%2F%2E%2E%2Fvictim", "tiny-cond%2F1%2Fx")) {
            assertBad(http.get("/api/models/" + name), "name must be a registry name");
            assertBad(http.get("/api/models/" + name + "/evals/" + "0".repeat(40)), "name must be a registry name");
            assertBad(http.send(HttpMethod.PUT, "/api/models/" + name + "/default", "{\"version\":1}", Map.of()),
                    "name must be a registry name");
        }
        for (String key : List.of("..%2F..%2Fregistry", "..%2F1%2Fmodel", "x%2F..")) {
            Http.Reply r = http.get("/api/models/tiny-cond/evals/" + key);
            assertEquals(404, r.status(), key + " → " + r.body());
            assertEquals("NOT_FOUND", r.json().path("code").asText(), r.body());
            assertTrue(r.json().path("message").asText().contains("40 hex digits"), r.body());
        }
        assertBad(http.get("/api/models/tiny-cond?version=..%2F1"), "version must be an integer");
        assertEquals(1, http.get("/api/models/tiny-cond").json().path("card").path("version").asInt(),
                "the default is untouched");
    }

    private static Http.Reply train(String extra) throws Exception {
        return http.post("/api/train", "{\"model\":\"x\",\"objective\":\"ce\"," + extra + "}");
    }

    private static void assertBadTraining(String body, String messagePart) throws Exception {
        assertBad(http.post("/api/train", body), messagePart);
    }

    private static void assertBadEval(String body, String messagePart) throws Exception {
        assertBad(http.post("/api/eval", body), messagePart);
    }

    private static void assertBad(Http.Reply r, String messagePart) {
        assertEquals(400, r.status(), r.body());
        JsonNode json = r.json();
        assertEquals("BAD_REQUEST", json.path("code").asText(), r.body());
        assertTrue(json.path("message").asText().contains(messagePart), r.body());
    }

    private static void assertVictimUntouched() throws Exception {
        assertEquals(SPEC, Files.readString(victim.resolve("spec.json")), "the victim's spec.json is untouched");
        try (var files = Files.list(victim)) {
            assertEquals(List.of(victim.resolve("spec.json")), files.toList(), "nothing was written beside it");
        }
        assertFalse(Files.exists(service.dir().resolve("absent")));
    }
}
