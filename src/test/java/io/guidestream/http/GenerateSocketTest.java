package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.RunningService;
import io.guidestream.TestModels;
import io.guidestream.WsProbe;
import io.guidestream.json.Json;
import io.vertx.core.http.WebSocketClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploys the real verticles (gateway + sampler) on a tiny model and drives /ws/generate over a real WebSocket. */
@ExtendWith(VertxExtension.class)
class GenerateSocketTest {
    @RegisterExtension
    static final RunningService service = RunningService.builder()
            .models(dir -> TestModels.addBlur(TestModels.registry(dir)))
            .build();

    private static String generate(String requestId, String model, int steps, Object label, int batch) {
        return "{\"type\":\"generate\",\"requestId\":\"" + requestId + "\",\"model\":\"" + model + "\",\"label\":"
                + label + ",\"batch\":" + batch + ",\"seed\":42,\"sampler\":{\"kind\":\"ddim\",\"steps\":" + steps
                + ",\"eta\":0.0},\"preview\":{\"every\":1,\"kinds\":[\"xt\",\"x0\"]}}";
    }

    @Test
    void aGenerationStreamsAcceptedStepsImagesAndDone() throws Exception {
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send(generate("r1", TestModels.COND, 10, 7, 2));
            JsonNode accepted = ws.nextText(30);
            assertEquals("accepted", accepted.path("type").asText(), accepted.toString());
            assertEquals("r1", accepted.path("requestId").asText());
            assertEquals(10, accepted.path("steps").asInt());
            assertEquals(42, accepted.path("seed").asLong());
            String jobId = accepted.path("jobId").asText();
            int expectedStep = 1;
            Set<String> images = new HashSet<>();
            while (true) {
                WsProbe.Received r = ws.next(30);
                if (!r.isText()) {
                    JsonNode h = r.imageHeader();
                    assertEquals(jobId, h.path("jobId").asText());
                    assertEquals(expectedStep - 1, h.path("step").asInt(), "images follow their step message");
                    BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.png()));
                    assertEquals(28, png.getWidth());
                    assertEquals(28, png.getHeight());
                    images.add(h.path("step").asInt() + "/" + h.path("kind").asText() + "/" + h.path("index").asInt());
                    continue;
                }
                JsonNode m = r.json();
                if (m.path("type").asText().equals("done")) {
                    assertEquals(10, m.path("steps").asInt());
                    assertEquals(jobId, m.path("jobId").asText());
                    break;
                }
                assertEquals("step", m.path("type").asText(), m.toString());
                assertEquals(expectedStep, m.path("step").asInt());
                assertEquals(10, m.path("of").asInt());
                assertEquals(2, m.path("entropy").size());
                assertEquals(10, m.path("probs").path(0).size());
                assertEquals(2, m.path("gradNorm").size());
                assertEquals(2, m.path("scale").size());
                assertTrue(m.path("tick").path("jobs").asInt() >= 1, "the tick's load: " + m);
                assertTrue(m.path("tick").path("items").asInt() >= 2, "at least this job's two images: " + m);
                assertTrue(m.path("blur").isMissingNode(), "ε models send no blur readings");
                expectedStep++;
            }
            assertEquals(11, expectedStep, "10 step messages");
            assertEquals(10 * 2 * 2, images.size(), "one PNG per (step, kind, item)");
        }
    }

    @Test
    void aBlurJobsStepsCarryTheCorruptionAndTheCleanEstimatesChangeInsteadOfClassifierReadings() throws Exception {
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send("{\"type\":\"generate\",\"requestId\":\"b\",\"model\":\"" + TestModels.BLUR + "\",\"label\":[3,7],"
                    + "\"seed\":5,\"sampler\":{\"kind\":\"momentum\",\"steps\":4},\"preview\":{\"every\":0}}");
            assertEquals("accepted", ws.nextText(30).path("type").asText());
            double previousSigma = Double.POSITIVE_INFINITY;
            for (int step = 1; step <= 4; step++) {
                JsonNode m = ws.nextText(30);
                assertEquals("step", m.path("type").asText(), m.toString());
                assertEquals(0, m.path("entropy").size(), "no classifier readings");
                JsonNode blur = m.path("blur");
                assertEquals(m.path("t").asInt(), blur.path("level").asInt(), m.toString());
                double sigma = blur.path("sigma").asDouble();
                assertTrue(sigma >= 0 && sigma < previousSigma, "σ_B falls along the chain: " + m);
                previousSigma = sigma;
                double signal = blur.path("signal").asDouble();
                assertTrue(signal > 0 && signal <= 1 && blur.path("noise").asDouble() > 0, m.toString());
                JsonNode change = blur.path("x0Change");
                if (step == 1) {
                    assertTrue(change.isNull(), "no change at the first step: " + m);
                } else {
                    assertEquals(2, change.size(), m.toString());
                    assertTrue(change.get(0).asDouble() > 0 && change.get(1).asDouble() > 0, m.toString());
                }
            }
        }
    }

    @Test
    void badRequestsGetErrorsAndTheSocketStaysUsable() throws Exception {
        try (WsProbe ws = WsProbe.connect(service.vertx(), service.port())) {
            ws.send("{not json");
            assertError(ws.nextText(10), "BAD_REQUEST", "malformed JSON");
            ws.send(generate("u", "no-such-model", 5, 1, 1));
            assertError(ws.nextText(10), "UNKNOWN_MODEL", "unknown model 'no-such-model'");
            ws.send(generate("s", TestModels.COND, 0, 1, 1));
            assertError(ws.nextText(10), "BAD_REQUEST", "sampler.steps must be 1..1000, got 0");
            ws.send(generate("s2", TestModels.COND, 5000, 1, 1));
            assertError(ws.nextText(10), "BAD_REQUEST", "sampler.steps must be 1..1000, got 5000");
            ws.send(generate("l", TestModels.COND, 5, 10, 1));
            assertError(ws.nextText(10), "BAD_REQUEST", "label must be 0..9");
            ws.send(generate("l2", TestModels.COND, 5, "\"seven\"", 1));
            assertError(ws.nextText(10), "BAD_REQUEST", "label must be an integer");
            ws.send("{\"type\":\"generate\",\"model\":\"tiny-cond\",\"steps\":5}");
            assertError(ws.nextText(10), "BAD_REQUEST", "unknown field steps");
            ws.send("{\"type\":\"dance\"}");
            assertError(ws.nextText(10), "BAD_REQUEST", "type must be one of generate, cancel");
            ws.sendBinary(new byte[] {1, 2, 3});
            assertError(ws.nextText(10), "BAD_REQUEST", "binary messages are not accepted");
            ws.send(generate("ok", TestModels.COND, 3, 2, 1));
            assertEquals("accepted", ws.nextText(30).path("type").asText());
            JsonNode m;
            do {
                m = ws.nextText(30);
            } while (m.path("type").asText().equals("step"));
            assertEquals("done", m.path("type").asText(), m.toString());
            assertFalse(ws.isClosed());
        }
    }

    /** The client is kept in a field while the test runs: Vert.x 5 may collect one mid-handshake (STACK.md). */
    private WebSocketClient client;
    private WebClient web;

    @Test
    void cancelStopsTheJobWithACancelledError(VertxTestContext ctx) {
        Checkpoint accepted = ctx.checkpoint();
        Checkpoint cancelled = ctx.checkpoint();
        AtomicBoolean cancelSent = new AtomicBoolean();
        client = service.vertx().createWebSocketClient();
        client.connect(service.port(), "localhost", "/ws/generate").onComplete(ctx.succeeding(ws -> {
            ws.textMessageHandler(text -> ctx.verify(() -> {
                JsonNode m = Json.MAPPER.readTree(text);
                switch (m.path("type").asText()) {
                    case "accepted" -> accepted.flag();
                    case "step" -> {
                        if (cancelSent.compareAndSet(false, true)) {
                            ws.writeTextMessage("{\"type\":\"cancel\",\"requestId\":\"c1\"}");
                        }
                    }
                    default -> {
                        assertError(m, "CANCELLED", "cancelled");
                        assertEquals("c1", m.path("requestId").asText());
                        assertTrue(cancelSent.get(), "cancelled only when asked: " + m);
                        cancelled.flag();
                    }
                }
            }));
            ws.writeTextMessage(generate("c1", TestModels.COND, 500, 1, 1));
        }));
    }

    @Test
    void healthProbesAnswer(VertxTestContext ctx) {
        Checkpoint answered = ctx.checkpoint(3);
        web = WebClient.create(service.vertx());
        web.get(service.port(), "localhost", "/health/live").send()
                .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
            assertEquals(200, live.statusCode(), live.bodyAsString());
            answered.flag();
        })));
        web.get(service.port(), "localhost", "/health/ready").send()
                .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
            assertEquals(200, ready.statusCode(), ready.bodyAsString());
            answered.flag();
        })));
        web.get(service.port(), "localhost", "/api/models").send()
                .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
            assertTrue(list.bodyAsString().contains("\"tiny-cond\""), list.bodyAsString());
            answered.flag();
        })));
    }

    @AfterEach
    void closeClient() {
        if (client != null) client.close();
        if (web != null) web.close();
    }

    static void assertError(JsonNode m, String code, String messagePart) {
        assertEquals("error", m.path("type").asText(), m.toString());
        assertEquals(code, m.path("code").asText(), m.toString());
        assertTrue(m.path("message").asText().contains(messagePart), m.toString());
    }
}
