package io.guidestream.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of wire protocol v1 (docs/PROTOCOL.md): reads server messages into {@link GenerationEvent}s and
 * writes {@code cancel} and {@code resume}. Reading is strict about the fields it needs and ignores others, since
 * the protocol only ever adds fields; anything unreadable is a {@link ErrorCode#PROTOCOL} error.
 */
final class Wire {
    private Wire() {
    }

    static JsonNode parse(String text) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isObject()) throw protocol("a server message is not a JSON object: " + text);
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GuidestreamException(ErrorCode.PROTOCOL, "the server sent invalid JSON: " + text, e);
        }
    }

    static GenerationEvent.Accepted accepted(JsonNode m) {
        return new GenerationEvent.Accepted(text(m, "jobId"), integer(m, "steps"), m.path("node").asText(""),
                m.path("seed").asLong(), m.path("modelVersion").asInt());
    }

    static GenerationEvent.Step step(JsonNode m) {
        JsonNode probs = m.path("probs");
        double[][] p = new double[probs.size()][];
        for (int i = 0; i < p.length; i++) p[i] = doubles(probs.get(i));
        List<List<String>> active = new ArrayList<>();
        for (JsonNode terms : m.path("active")) {
            List<String> names = new ArrayList<>();
            terms.forEach(t -> names.add(t.asText()));
            active.add(names);
        }
        return new GenerationEvent.Step(text(m, "jobId"), integer(m, "step"), integer(m, "of"), m.path("t").asInt(),
                doubles(m.path("entropy")), doubles(m.path("scale")), p, doubles(m.path("gradNorm")), active,
                m.path("ms").asDouble(), tick(m.get("tick")), blur(m.get("blur")));
    }

    private static GenerationEvent.@Nullable Tick tick(@Nullable JsonNode t) {
        if (t == null || !t.isObject()) return null;
        return new GenerationEvent.Tick(integer(t, "jobs"), integer(t, "items"));
    }

    private static GenerationEvent.@Nullable Blur blur(@Nullable JsonNode b) {
        if (b == null || !b.isObject()) return null;
        JsonNode change = b.get("x0Change");
        return new GenerationEvent.Blur(integer(b, "level"), number(b, "sigma"), number(b, "signal"),
                number(b, "noise"), change == null || !change.isArray() ? null : doubles(change));
    }

    static GenerationEvent.Done done(JsonNode m) {
        return new GenerationEvent.Done(text(m, "jobId"), integer(m, "steps"), m.path("elapsedMs").asLong());
    }

    static GuidestreamException error(JsonNode m) {
        return GuidestreamException.fromWire(m.path("code").asText("UNKNOWN"), m.path("message").asText(""));
    }

    /** A binary frame: 4-byte big-endian header length n, n bytes of UTF-8 JSON header, then the PNG. */
    static GenerationEvent.Image image(Buffer frame) {
        if (frame.length() < 4) throw protocol("an image frame of " + frame.length() + " bytes");
        int n = frame.getInt(0);
        if (n < 2 || 4 + n > frame.length()) throw protocol("an image frame header of " + n + " bytes");
        JsonNode h = parse(frame.getString(4, 4 + n, StandardCharsets.UTF_8.name()));
        PreviewKind kind;
        try {
            kind = PreviewKind.fromWire(text(h, "kind"));
        } catch (IllegalArgumentException e) {
            throw protocol("an image of kind " + h.path("kind"));
        }
        return new GenerationEvent.Image(text(h, "jobId"), integer(h, "step"), kind, integer(h, "index"),
                frame.getBytes(4 + n, frame.length()));
    }

    static String cancel(String jobId) {
        return object("cancel").put("jobId", jobId).toString();
    }

    static String cancelRequest(String requestId) {
        return object("cancel").put("requestId", requestId).toString();
    }

    static String resume(String requestId, String jobId, int lastStep) {
        return object("resume").put("requestId", requestId).put("jobId", jobId).put("lastStep", lastStep).toString();
    }

    private static ObjectNode object(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual()) throw protocol("no " + field + " in " + m);
        return v.textValue();
    }

    private static int integer(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.canConvertToInt()) throw protocol("no " + field + " in " + m);
        return v.intValue();
    }

    private static double number(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.isNumber()) throw protocol("no " + field + " in " + m);
        return v.doubleValue();
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }

    private static GuidestreamException protocol(String what) {
        return new GuidestreamException(ErrorCode.PROTOCOL, "the server sent " + what);
    }
}
