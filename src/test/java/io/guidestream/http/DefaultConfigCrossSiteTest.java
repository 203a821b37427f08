package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.JobWatch;
import io.guidestream.RawHttp;
import io.guidestream.RunningService;
import io.guidestream.config.AppConfig;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.Role;
import io.guidestream.config.SecurityConfig;
import io.guidestream.registry.Sha256;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attack of issue 26 against the configuration it was found in: the default one, with no token, where the
 * service trusts whoever reaches its port and a browser reaches it for any page its user opens. A page on another
 * site cannot start training or evaluation with a {@code text/plain} or form body, nor with any body from its own
 * origin, nor by rebinding its name to this address (docs/SECURITY.md, "Cross-site requests"). The same bodies sent
 * as JSON by a client that is not a browser start jobs, so the refusals are what kept them from starting.
 */
class DefaultConfigCrossSiteTest {
    private static final String TRAINING = "{\"model\":\"tiny-cond\",\"objective\":\"eps\",\"preset\":\"unet-cond\","
            + "\"steps\":4,\"batch\":2}";
    private static final String EVALUATION = "{\"model\":\"tiny-cond\",\"n\":24,\"seed\":3,\"batch\":12,"
            + "\"features\":\"tiny-features\",\"sampler\":{\"kind\":\"ddim\",\"steps\":3},"
            + "\"guidance\":{\"method\":\"classifier\",\"scale\":1.0}}";
    private static final Map<String, String> WRITES = Map.of("/api/train", TRAINING, "/api/eval", EVALUATION);
    private static final String EVIL = "https://evil.example";

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.TRAINER, Role.EVALUATOR)
            .limits(LimitsConfig.defaults().withRequestsPerSecond(10_000))
            .build();
    static Http http;

    @BeforeAll
    static void connect() {
        http = new Http(service.vertx(), service.port());
    }

    @AfterAll
    static void disconnect() {
        http.close();
    }

    @Test
    void theDefaultConfigurationHasNoToken() {
        SecurityConfig security = AppConfig.defaults().security();
        assertEquals(SecurityConfig.defaults(), security);
        assertEquals("", security.token(), "writes are open to whoever reaches the port");
        assertEquals(List.of(), security.allowedOrigins());
        assertEquals(List.of(), security.allowedHosts());
    }

    @Test
    void bodiesAPageMaySendWithoutAPreflightAreRefusedAndStartNothing() throws Exception {
        Map<String, String> before = snapshot(service.dir());
        for (var write : WRITES.entrySet()) {
            for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x")) {
                // Without an Origin (as a browser that sends none, or a page's no-cors request may): the type alone.
                Http.Reply r = http.send(HttpMethod.POST, write.getKey(), write.getValue(),
                        Map.of("Content-Type", type));
                assertEquals(415, r.status(), write.getKey() + " as " + type + " → " + r.body());
                assertEquals("UNSUPPORTED_MEDIA_TYPE", r.json().path("code").asText(), r.body());
                assertTrue(r.json().path("message").asText().contains("Content-Type must be application/json"),
                        r.body());
                // With the page's Origin, as browsers send it on a cross-site POST: the origin check answers first.
                assertForbidden(http.send(HttpMethod.POST, write.getKey(), write.getValue(),
                        Map.of("Content-Type", type, "Origin", EVIL)), "origin " + EVIL + " is not allowed");
            }
        }
        assertNothingStarted(before);
        assertTheSameBodiesStartJobsAsJson();
    }

    @Test
    void jsonFromAForeignOriginIsRefusedAndStartsNothing() throws Exception {
        Map<String, String> before = snapshot(service.dir());
        for (var write : WRITES.entrySet()) {
            for (String origin : List.of(EVIL, "null", "http://localhost:" + (service.port() + 1))) {
                assertForbidden(http.send(HttpMethod.POST, write.getKey(), write.getValue(), Map.of("Origin", origin)),
                        "origin " + origin + " is not allowed");
            }
        }
        assertForbidden(http.send(HttpMethod.PUT, "/api/models/tiny-cond/default", "{\"version\":1}",
                Map.of("Origin", EVIL)), "origin " + EVIL + " is not allowed");
        assertNothingStarted(before);
    }

    /**
     * DNS rebinding: the attacker's name now resolves to 127.0.0.1, so its page and the service share an origin and
     * the origin check passes; only the Host header still says whom the browser thinks it talks to.
     */
    @Test
    void aReboundHostIsRefusedForTheApiAndTheWebSocketHandshake() throws Exception {
        Map<String, String> before = snapshot(service.dir());
        String evil = "rebound.example:" + service.port();
        String sameOrigin = "http://" + evil;
        for (var write : WRITES.entrySet()) {
            assertEquals(403, rawStatus(RawHttp.request("POST", write.getKey(), evil, write.getValue(),
                    "Content-Type: application/json", "Origin: " + sameOrigin)), write.getKey());
        }
        assertEquals(403, rawStatus(RawHttp.request("GET", "/api/models", evil, null)), "reads too");
        assertEquals(403, rawStatus(RawHttp.webSocketHandshake("/ws/generate", evil, sameOrigin)));
        assertEquals(403, rawStatus(RawHttp.webSocketHandshake("/ws/jobs/t-00000000-0000-0000-0000-000000000000",
                evil, sameOrigin)));
        // The service's own name still opens the socket and reads the API.
        String own = "localhost:" + service.port();
        assertEquals(101, rawStatus(RawHttp.webSocketHandshake("/ws/generate", own, "http://" + own)));
        assertEquals(200, rawStatus(RawHttp.request("GET", "/api/models", own, null)));
        assertNothingStarted(before);
    }

    /** Control: JSON from a client that is not a browser (no Origin) starts each job; cancelled at once. */
    private static void assertTheSameBodiesStartJobsAsJson() throws Exception {
        for (var write : WRITES.entrySet()) {
            Http.Reply started = http.post(write.getKey(), write.getValue());
            assertEquals(202, started.status(), write.getKey() + " → " + started.body());
            String id = started.json().path("jobId").asText();
            assertEquals(200, http.send(HttpMethod.POST, write.getKey() + "/" + id + "/cancel", null, Map.of())
                    .status());
            List<JsonNode> progress = JobWatch.untilFinished(service.vertx(), service.port(), id, 120);
            assertEquals("cancelled", progress.get(progress.size() - 1).path("state").asText(), progress.toString());
        }
    }

    /**
     * No run folder was made, and no file of the registry or beside it was written, added or removed. A training job
     * makes its run folder as it starts, within milliseconds of a 202.
     */
    private static void assertNothingStarted(Map<String, String> before) throws Exception {
        Thread.sleep(500);
        assertEquals(before, snapshot(service.dir()), "no run folder, no registry file");
    }

    private static int rawStatus(String request) throws Exception {
        try (RawHttp raw = RawHttp.open(service.port())) {
            return raw.send(request).status(10_000);
        }
    }

    private static void assertForbidden(Http.Reply r, String messagePart) {
        assertEquals(403, r.status(), r.body());
        assertEquals("FORBIDDEN", r.json().path("code").asText(), r.body());
        assertTrue(r.json().path("message").asText().contains(messagePart), r.body());
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
