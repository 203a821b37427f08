package io.guidestream.http;

import static io.guidestream.TorchScriptModels.classifierCard;
import static io.guidestream.TorchScriptModels.epsCard;
import static io.guidestream.TorchScriptModels.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.Http;
import io.guidestream.RawHttp;
import io.guidestream.RunningService;
import io.guidestream.TorchScriptModels;
import io.guidestream.WsProbe;
import io.guidestream.config.Role;
import io.guidestream.config.SecurityConfig;
import io.guidestream.registry.Sha256;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/models/{name}/versions} against the real verticles (docs/SECURITY.md, "Model uploads"): behind the
 * token, as {@code application/octet-stream} with the card in {@code Guidestream-Card}, within
 * {@code http.maxUploadBytes}; a good file is imported, listed and generates RGB frames over the WebSocket; a bad one
 * gets 422 with its named problem, and no refusal, and no upload cut off mid-body, changes the registry folder.
 */
@Tag("torchscript")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelUploadTest {
    private static final String TOKEN = "upload-token";
    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + TOKEN);
    private static final int MAX_UPLOAD = 512 * 1024;

    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .roles(Role.GATEWAY, Role.SAMPLER, Role.TRAINER)
            .models(models -> { })
            .warm()
            .config(c -> c.withHttp(c.http().withMaxUploadBytes(MAX_UPLOAD))
                    .withSecurity(new SecurityConfig(TOKEN, false, List.of(), false, List.of())))
            .build();

    private static Map<String, String> headers(String card, boolean token) {
        Map<String, String> h = new HashMap<>(token ? BEARER : Map.of());
        h.put("Guidestream-Card", card.replace("\n", " "));
        return h;
    }

    @Test
    @Order(1)
    void anUploadNeedsTheTokenItsContentTypeAndACard() throws Exception {
        Map<String, String> before = snapshot();
        byte[] clf = Files.readAllBytes(file("shapes32-clf.pt"));
        try (Http http = new Http(service.vertx(), service.port())) {
            Http.Reply noToken = http.upload("/api/models/shapes32-clf/versions", clf, headers(classifierCard(""),
                    false));
            assertEquals(403, noToken.status(), noToken.body());
            Map<String, String> asJson = headers(classifierCard(""), true);
            asJson.put("Content-Type", "application/json");
            Http.Reply json = http.upload("/api/models/shapes32-clf/versions", clf, asJson);
            assertEquals(415, json.status(), json.body());
            assertTrue(json.body().contains("application/octet-stream"), json.body());
            Http.Reply noCard = http.upload("/api/models/shapes32-clf/versions", clf, BEARER);
            assertEquals(400, noCard.status(), noCard.body());
            assertTrue(noCard.body().contains("Guidestream-Card is required"), noCard.body());
            Http.Reply badName = http.upload("/api/models/Shapes/versions", clf, headers(classifierCard(""), true));
            assertEquals(400, badName.status(), badName.body());
        }
        assertEquals(before, snapshot());
    }

    @Test
    @Order(2)
    void aGoodUploadIsImportedListedAndStreamsRgbFrames() throws Exception {
        try (Http http = new Http(service.vertx(), service.port())) {
            Http.Reply clf = http.upload("/api/models/shapes32-clf/versions", Files.readAllBytes(
                    file("shapes32-clf.pt")), headers(classifierCard(""), true));
            assertEquals(201, clf.status(), clf.body());
            assertEquals("torchscript", clf.json().path("card").path("network").path("type").asText(), clf.body());
            Http.Reply eps = http.upload("/api/models/shapes32/versions?publish=default",
                    Files.readAllBytes(file("shapes32-eps.pt")), headers(epsCard(", \"classifier\": \"shapes32-clf\""),
                            true));
            assertEquals(201, eps.status(), eps.body());
            assertTrue(eps.json().path("madeDefault").asBoolean(), eps.body());
            assertEquals(Sha256.of(file("shapes32-eps.pt")), eps.json().path("card").path("paramsSha256").asText());
            JsonNode listed = awaitListed(http, "shapes32");
            assertEquals(3, listed.path("imageChannels").asInt(), listed.toString());
            assertEquals(32, listed.path("imageSize").asInt(), listed.toString());
            assertEquals("torchscript", listed.path("format").asText(), listed.toString());
        }
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send("{\"type\":\"generate\",\"requestId\":\"r\",\"model\":\"shapes32\",\"label\":[3,7],"
                    + "\"sampler\":{\"kind\":\"ddim\",\"steps\":4},\"guidance\":{\"method\":\"classifier\","
                    + "\"scale\":2.0},\"preview\":{\"every\":1,\"kinds\":[\"xt\"]}}");
            int images = 0;
            while (true) {
                WsProbe.Received r = ws.next(60);
                if (r.isText() && r.type().equals("done")) break;
                assertTrue(!r.isText() || !r.type().equals("error"), () -> r.json().toString());
                if (r.isText() && r.type().equals("step")) {
                    assertEquals(10, r.json().path("probs").get(0).size(), "the imported classifier's view");
                    assertEquals("classifier", r.json().path("active").get(0).get(0).asText());
                }
                if (!r.isText()) {
                    BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.png()));
                    assertEquals(32, png.getWidth());
                    assertEquals(3, png.getRaster().getNumBands(), "an RGB preview");
                    images++;
                }
            }
            assertEquals(4 * 2, images, "one xt image per step and item");
        }
    }

    @Test
    @Order(3)
    void badFilesAreRefusedWithTheirNamedProblemAndChangeNothing() throws Exception {
        Map<String, String> before = snapshot();
        byte[] whole = Files.readAllBytes(file("shapes32-clf.pt"));
        try (Http http = new Http(service.vertx(), service.port())) {
            assertRefused(http.upload("/api/models/half/versions", Arrays.copyOf(whole, whole.length / 2),
                    headers(classifierCard(""), true)), "TRUNCATED");
            assertRefused(http.upload("/api/models/nan/versions", Files.readAllBytes(file("nan8.pt")),
                    headers(TorchScriptModels.card8("EPSILON", 0, ""), true)), "NON_FINITE_OUTPUT");
            assertRefused(http.upload("/api/models/shapes32/versions", whole, headers(classifierCard(""), true)),
                    "REGISTRY_CONFLICT");
            assertRefused(http.upload("/api/models/x/versions", whole, headers("{\"role\": \"CLASSIFIER\"", true)),
                    "INVALID_CARD");
        }
        assertEquals(before, snapshot());
    }

    @Test
    @Order(4)
    void anUploadOverTheLimitOrCutOffMidBodyChangesNothing() throws Exception {
        Map<String, String> before = snapshot();
        // Declared over the limit: refused from the headers. (Sending the body too races the refusal: a client still
        // writing when the server answers and closes may see the connection reset before it reads the 413.)
        try (RawHttp raw = RawHttp.open(service.port())) {
            String tooLarge = raw.send("POST /api/models/big/versions HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + "Bearer " + TOKEN + "\r\nContent-Type: application/octet-stream\r\nGuidestream-Card: "
                    + epsCard("").replace("\n", " ") + "\r\nContent-Length: " + (MAX_UPLOAD + 1) + "\r\n\r\n")
                    .readToClose(10_000);
            assertTrue(tooLarge.startsWith("HTTP/1.1 413"), tooLarge);
            assertTrue(tooLarge.contains("http.maxUploadBytes"), tooLarge);
        }
        byte[] clf = Files.readAllBytes(file("shapes32-clf.pt"));
        for (int i = 0; i < ModelUpload.MAX_IN_FLIGHT + 1; i++) {
            try (RawHttp raw = RawHttp.open(service.port())) {
                String head = "POST /api/models/cut/versions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + TOKEN + "\r\nContent-Type: application/octet-stream\r\nGuidestream-Card: "
                        + classifierCard("").replace("\n", " ") + "\r\nContent-Length: " + clf.length + "\r\n\r\n";
                raw.send(head);
                raw.sendBytes(Arrays.copyOf(clf, clf.length / 2));
            } // the client goes away half way through its body
        }
        try (Http http = new Http(service.vertx(), service.port())) {
            assertEquals(200, http.get("/api/models/shapes32").status(), "the service still answers");
            assertEquals(404, http.get("/api/models/cut").status());
            // The abandoned uploads give their memory slots back once the gateway sees their connections close: then
            // another upload is read and judged (until then it may meet CAPACITY, which closes the connection).
            assertRefused(uploadOnceSlotsAreFree(http, clf), "INVALID_CARD");
        }
        assertEquals(before, snapshot());
    }

    private static Http.Reply uploadOnceSlotsAreFree(Http http, byte[] body) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                Http.Reply r = http.upload("/api/models/x/versions", body, headers("{\"role\": \"CLASSIFIER\"", true));
                if (r.status() != 503 || System.nanoTime() > deadline) return r;
            } catch (java.util.concurrent.ExecutionException closedWhileSending) {
                if (System.nanoTime() > deadline) throw closedWhileSending;
            }
            Thread.sleep(200);
        }
    }

    private static void assertRefused(Http.Reply reply, String problem) {
        assertEquals(422, reply.status(), reply.body());
        assertEquals("INVALID_MODEL", reply.json().path("code").asText(), reply.body());
        assertEquals(problem, reply.json().path("problem").asText(), reply.body());
    }

    private static JsonNode awaitListed(Http http, String name) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode m : http.get("/api/models").json().path("models")) {
                if (m.path("name").asText().equals(name)) return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not listed within 10 s");
    }

    /** Every file of the registry folder and its digest. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(service.models())) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(service.models().relativize(p).toString(), Sha256.of(p));
            }
        }
        return files;
    }
}
