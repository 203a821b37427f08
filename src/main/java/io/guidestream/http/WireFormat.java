package io.guidestream.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.guidestream.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-to-client messages of wire protocol v1 (docs/PROTOCOL.md): JSON text messages with a {@code type}, and
 * binary image frames = 4-byte big-endian header length n, n bytes of UTF-8 JSON header, then a PNG.
 */
public final class WireFormat {
    private static final ObjectWriter WRITER = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private WireFormat() {
    }

    public static String accepted(String requestId, JobEvent.Accepted a, long seed) {
        ObjectNode o = base("accepted", requestId);
        o.put("jobId", a.jobId()).put("steps", a.steps()).put("node", a.node()).put("seed", seed)
                .put("modelVersion", a.modelVersion());
        return write(o);
    }

    /** Reply to {@code resume}: the job's progress and the first step that the replay that follows contains. */
    public static String resumed(String requestId, String jobId, int step, int of, int replayFrom) {
        ObjectNode o = base("resumed", requestId);
        o.put("jobId", jobId).put("step", step).put("of", of).put("replayFrom", replayFrom);
        return write(o);
    }

    public static String step(String requestId, StepFrame f) {
        ObjectNode o = base("step", requestId);
        o.put("jobId", f.jobId()).put("step", f.step()).put("of", f.of()).put("t", f.t());
        // A step without telemetry (telemetry.every) has no entropy, probs or gradNorm at all: absent, not empty.
        if (f.hasTelemetry()) putArray(o.putArray("entropy"), f.entropy());
        putArray(o.putArray("scale"), f.scale());
        if (f.hasTelemetry()) {
            ArrayNode probs = o.putArray("probs");
            for (double[] row : f.probs()) putArray(probs.addArray(), row);
            putArray(o.putArray("gradNorm"), f.gradNorm());
        }
        ArrayNode active = o.putArray("active");
        for (List<String> a : f.active()) {
            ArrayNode names = active.addArray();
            a.forEach(names::add);
        }
        o.put("ms", Math.round(f.ms() * 100) / 100.0);
        o.putObject("tick").put("jobs", f.tick().jobs()).put("items", f.tick().items());
        if (f.blur() != null) putBlur(o.putObject("blur"), f.blur());
        return write(o);
    }

    /** A blur model's readings; {@code x0Change} is null at the first step, which has no previous estimate. */
    private static void putBlur(ObjectNode o, StepFrame.BlurReading b) {
        o.put("level", b.level()).put("sigma", round6(b.sigma())).put("signal", round6(b.signal()))
                .put("noise", round6(b.noise()));
        if (b.x0Change() == null) o.putNull("x0Change");
        else putArray(o.putArray("x0Change"), b.x0Change());
    }

    public static String done(String requestId, JobEvent.Done d) {
        ObjectNode o = base("done", requestId);
        o.put("jobId", d.jobId()).put("steps", d.steps()).put("elapsedMs", d.elapsedMs());
        return write(o);
    }

    public static String error(String requestId, String jobId, ErrorCode code, String message) {
        ObjectNode o = base("error", requestId);
        if (jobId != null) o.put("jobId", jobId);
        o.put("code", code.name()).put("message", message);
        return write(o);
    }

    public static Buffer image(StepFrame f, StepFrame.Preview p) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.put("jobId", f.jobId()).put("step", f.step()).put("kind", p.kind().wireName()).put("index", p.index());
        byte[] header = write(h).getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(4 + header.length + p.png().length).appendInt(header.length).appendBytes(header)
                .appendBytes(p.png());
    }

    private static ObjectNode base(String type, String requestId) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", type);
        if (requestId != null && !requestId.isEmpty()) o.put("requestId", requestId);
        return o;
    }

    private static void putArray(ArrayNode arr, double[] values) {
        for (double v : values) arr.add(round6(v));
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String write(ObjectNode o) {
        try {
            return WRITER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
