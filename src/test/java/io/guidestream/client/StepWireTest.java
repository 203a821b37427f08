package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.bus.StepFrame;
import io.guidestream.http.WireFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step as the gateway writes it ({@link WireFormat}) and as this client reads it ({@link Wire}). */
class StepWireTest {
    private static StepFrame frame(int step, StepFrame.BlurReading blur) {
        return new StepFrame("j-1", step, 10, 500, new double[0], new double[] {0, 0}, new double[0][], new double[0],
                List.of(List.of(), List.of()), 12.5, new StepFrame.Tick(3, 9), blur, List.of());
    }

    @Test
    void aBlurStepsReadingsAndTheTicksLoadSurviveTheWire() {
        StepFrame sent = frame(4, new StepFrame.BlurReading(500, 3.25, 0.75, 0.5, new double[] {0.125, 0.0625}));
        String json = WireFormat.step("r", sent);
        GenerationEvent.Step got = Wire.step(Wire.parse(json));
        assertEquals(new GenerationEvent.Tick(3, 9), got.tick());
        GenerationEvent.Blur blur = got.blur();
        assertNotNull(blur, json);
        assertEquals(500, blur.level());
        assertEquals(3.25, blur.sigma());
        assertEquals(0.75, blur.signal());
        assertEquals(0.5, blur.noise());
        assertArrayEquals(new double[] {0.125, 0.0625}, blur.x0Change());
        assertTrue(json.contains("\"tick\":{\"jobs\":3,\"items\":9}"), json);
    }

    @Test
    void theFirstBlurStepHasANullChangeAndEpsilonStepsNoBlurAtAll() {
        String first = WireFormat.step("r", frame(1, new StepFrame.BlurReading(999, 14, 1, 0.1, null)));
        assertTrue(first.contains("\"x0Change\":null"), first);
        assertNull(Wire.step(Wire.parse(first)).blur().x0Change());
        String eps = WireFormat.step("r", frame(1, null));
        assertFalse(eps.contains("blur"), eps);
        assertNull(Wire.step(Wire.parse(eps)).blur());
    }

    @Test
    void aStepWithoutTelemetryHasNoClassifierKeysAndReadsAsEmpty() {
        StepFrame quiet = new StepFrame("j-1", 2, 10, 500, null, new double[] {0, 0}, null, null,
                List.of(List.of(), List.of()), 12.5, new StepFrame.Tick(1, 2), null, List.of());
        String json = WireFormat.step("r", quiet);
        for (String key : List.of("entropy", "probs", "gradNorm")) assertFalse(json.contains(key), json);
        assertTrue(json.contains("\"scale\":[0.0,0.0]"), json);
        GenerationEvent.Step got = Wire.step(Wire.parse(json));
        assertFalse(got.hasTelemetry());
        assertEquals(0, got.entropy().length);
        assertEquals(0, got.probs().length);
        assertEquals(0, got.gradNorm().length);
        StepFrame reading = new StepFrame("j-1", 3, 10, 480, new double[] {1.5}, new double[] {0}, new double[][] {
            {0.25, 0.75}}, new double[] {0.5}, List.of(List.of()), 12.5, new StepFrame.Tick(1, 1), null, List.of());
        GenerationEvent.Step read = Wire.step(Wire.parse(WireFormat.step("r", reading)));
        assertTrue(read.hasTelemetry());
        assertArrayEquals(new double[] {0.25, 0.75}, read.probs()[0]);
        assertArrayEquals(new double[] {0.5}, read.gradNorm());
    }

    @Test
    void stepsOfServersWithoutTheNewFieldsStillRead() {
        GenerationEvent.Step old = Wire.step(Wire.parse("{\"type\":\"step\",\"jobId\":\"j\",\"step\":1,\"of\":2,"
                + "\"t\":9,\"entropy\":[],\"scale\":[0],\"probs\":[],\"gradNorm\":[],\"active\":[[]],\"ms\":1}"));
        assertNull(old.tick());
        assertNull(old.blur());
    }
}
