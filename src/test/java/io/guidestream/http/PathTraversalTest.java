package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.RunningService;
import io.guidestream.TorchScriptModels;
import io.guidestream.WsProbe;
import io.guidestream.bus.Addresses;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PublishMode;
import io.guidestream.bus.TrainCommand;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.guidestream.registry.Sha256;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    /**
     * A delete names a model, a version and an evaluation key, and the registry joins them into
     * {@code <model>/<v>/submitted/eval/<key>.json}: the key must be 40 hex digits, the name a registry name, or
     * {@code ..%2F} would reach a file outside the version. Bait lies where four and five {@code ../} lead, and a
     * submitted folder exists, so a key that got through would find something to delete.
     */
    @Test
    void deletingAnEvaluationTakesOnlyARegistryNameAndAKeyOfFortyHexDigits() throws Exception {
        Files.createDirectories(service.models().resolve("tiny-cond/1/submitted/eval"));
        Files.writeString(service.models().resolve("bait.json"), SPEC);
        Files.writeString(service.dir().resolve("bait.json"), SPEC);
        Map<String, String> before = snapshot(service.dir());
        for (String key : List.of("..%2F..%2F..%2F..%2Fbait", "..%2F..%2F..%2F..%2F..%2Fbait", "..%2F..%2Fx",
                "%2E%2E%2F%2E%2E%2Fmodel", "0".repeat(39), "0".repeat(41), "g".repeat(40),
                "0".repeat(40) + "%2F..", "..%2F" + "0".repeat(40))) {
            Http.Reply r = http.delete("/api/models/tiny-cond/evals/" + key);
            assertEquals(404, r.status(), key + " → " + r.body());
            assertEquals("NOT_FOUND", r.json().path("code").asText(), r.body());
            assertEquals("an evaluation key is 40 hex digits", r.json().path("message").asText(), r.body());
        }
        for (String name : List.of("..%2Fvictim", "%2E%2E%2F%2E%2E%2Fbait", "tiny-cond%2F1", "Tiny-Cond")) {
            assertBad(http.delete("/api/models/" + name + "/evals/" + "0".repeat(40)),
                    "name must be a registry name");
        }
        assertBad(http.delete("/api/models/tiny-cond/evals/" + "0".repeat(40) + "?version=..%2F1"),
                "version must be an integer");
        assertEquals(before, snapshot(service.dir()), "no file was deleted, written or added");
    }

    /** An upload's name becomes a registry folder: {@code ..%2Fx} is refused before the body is handed on. */
    @Test
    void anUploadIsRefusedANameThatIsNotARegistryName() throws Exception {
        Map<String, String> before = snapshot(service.dir());
        byte[] file = Files.readAllBytes(TorchScriptModels.file("shapes32-eps.pt"));
        Map<String, String> card = Map.of("Guidestream-Card", TorchScriptModels.epsCard("").replace("\n", " "));
        for (String name : List.of("..%2Fx", "..%2F..%2Fvictim", "..%2F..%2F..%2Fx", "tiny-cond%2F2", ".x")) {
            assertBad(http.upload("/api/models/" + name + "/versions", file, card), "name must be a registry name");
        }
        // A whole segment of dots is removed by the router's path normalisation: no model is named, no route matches.
        Http.Reply dots = http.upload("/api/models/%2E%2E/versions", file, card);
        assertEquals(404, dots.status(), dots.body());
        assertTrue(dots.json().path("message").asText().startsWith("no API route POST"), dots.body());
        assertEquals(before, snapshot(service.dir()), "the registry and its neighbours are unchanged");
    }

    /**
     * The card's {@code classifier} names a registry model that the new one is guided by: a path such as
     * {@code ../tiny-clf} is an invalid card (422 {@code INVALID_CARD} naming the field), and nothing is published.
     */
    @Test
    void anUploadedCardsClassifierIsARegistryName() throws Exception {
        Map<String, String> before = snapshot(service.dir());
        byte[] file = Files.readAllBytes(TorchScriptModels.file("shapes32-eps.pt"));
        for (String classifier : List.of("../tiny-clf", "../../victim", "tiny-clf/1", "/tmp", "..")) {
            Map<String, String> card = Map.of("Guidestream-Card", TorchScriptModels.epsCard(", \"classifier\": \""
                    + classifier + "\"").replace("\n", " "));
            Http.Reply r = http.upload("/api/models/shapes32/versions", file, card);
            assertEquals(422, r.status(), classifier + " → " + r.body());
            assertEquals("INVALID_MODEL", r.json().path("code").asText(), r.body());
            assertEquals("INVALID_CARD", r.json().path("problem").asText(), r.body());
            assertTrue(r.json().path("message").asText().contains("classifier must be a registry name, got "
                    + classifier), r.body());
        }
        assertEquals(404, http.get("/api/models/shapes32").status(), "nothing was published");
        assertEquals(before, snapshot(service.dir()), "the registry and its neighbours are unchanged");
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

    /** Every folder and file under {@code root}, files with their digest (folders with ""). */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                entries.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Sha256.of(p) : "");
            }
        }
        return entries;
    }
}
