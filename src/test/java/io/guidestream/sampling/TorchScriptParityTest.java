package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.TorchScriptModels;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.SamplerKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service samples imported TorchScript models as guided-diffusion does: the committed ε-network and classifier
 * ({@code src/test/torchscript/}), sampled through the engine (admission, batched steps, guidance terms, the sampler
 * update), end where {@code export_models.py}'s PyTorch reference loop (guided-diffusion's {@code ddim_sample_loop}
 * and {@code p_sample_loop} with {@code cond_fn}) ends with the same noise: DDIM 25 (η = 0) unguided and with
 * classifier guidance s = 3 within 1e-4 per value, and DDPM 25 with the network's learned variance and guidance within
 * 5e-4 (each of its 24 noise draws is scaled by σ from the network's own float32 output, so the two engines' rounding
 * grows more than in a deterministic chain). The reference read the sampler's own Gaussian draws for the job's seed
 * ({@code NoiseFile.java}) and ran on PyTorch's own convolution kernels, the service on oneDNN's.
 */
@Tag("torchscript")
class TorchScriptParityTest {
    private static final double DDIM_TOLERANCE = 1e-4;
    private static final double DDPM_TOLERANCE = 5e-4;
    @TempDir
    static Path dir;
    static ModelStore models;
    static JsonNode golden;

    @BeforeAll
    static void setUp() throws IOException {
        models = new ModelStore(TorchScriptModels.registry(dir));
        golden = Json.MAPPER.readTree(TorchScriptModels.file("golden.json").toFile());
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void theSamplersInitialNoiseIsWhatTheReferenceRead() {
        JsonNode noise = golden.get("noise");
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = HostNoise.gaussian(m, new Shape(2, 3, 32, 32), new SplittableRandom(noise.get("seed").asLong()))
                    .toFloatArray();
            for (int i = 0; i < 4; i++) assertEquals(noise.get("first").get(i).asDouble(), z[i], 0, "draw " + i);
            double sum = 0;
            for (float v : z) sum += v;
            assertEquals(noise.get("sum").asDouble(), sum, 1e-6);
        }
    }

    @Test
    void unguidedDdim25MatchesTheReference() throws IOException {
        assertMatches("ddim25-unguided", SamplerKind.DDIM, GuidanceMethod.NONE);
    }

    @Test
    void classifierGuidedDdim25MatchesTheReference() throws IOException {
        assertMatches("ddim25-guided", SamplerKind.DDIM, GuidanceMethod.CLASSIFIER);
    }

    @Test
    void guidedDdpm25WithTheLearnedVarianceMatchesTheReference() throws IOException {
        assertMatches("ddpm25-guided", SamplerKind.DDPM, GuidanceMethod.CLASSIFIER);
    }

    private static void assertMatches(String run, SamplerKind kind, GuidanceMethod method) throws IOException {
        JsonNode spec = golden.get("runs").get(run);
        List<Integer> labels = new ArrayList<>();
        golden.get("labels").forEach(y -> labels.add(y.asInt()));
        GenerateCommand cmd = new GenerateCommand(run, "", TorchScriptModels.EPS, labels, spec.get("seed").asLong(),
                new GenerateCommand.SamplerSettings(kind, spec.get("steps").asInt(), 0),
                GenerateCommand.GuidanceSettings.of(method, spec.get("guidanceScale").asDouble())
                        .withClassifier(TorchScriptModels.CLASSIFIER).withTail(0, 0, 0).withX0Lambda(0),
                new GenerateCommand.PreviewSettings(0, Set.of(PreviewKind.XT)));
        List<float[]> states = sample(cmd);
        float[] expected = readF32(TorchScriptModels.file("golden-" + run + ".f32"));
        float[] actual = states.get(states.size() - 1);
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        System.out.printf("%s: max |service − reference| = %.2e over %d values%n", run, worst, expected.length);
        double tolerance = kind == SamplerKind.DDIM ? DDIM_TOLERANCE : DDPM_TOLERANCE;
        assertTrue(worst < tolerance, run + ": max difference " + worst + "; state norms per step, service "
                + norms(states) + ", reference " + spec.get("stateNorms"));
        JsonNode norms = spec.get("stateNorms");
        for (int k = 0; k < states.size(); k++) {
            assertEquals(norms.get(k).asDouble(), norm(states.get(k)), 1e-3, run + ": ‖x‖ after step " + (k + 1));
        }
    }

    /** Runs the job alone and returns its state after every step, read in the sink while the job is still live. */
    private static List<float[]> sample(GenerateCommand cmd) {
        List<float[]> states = new ArrayList<>();
        try (SamplingEngine engine = new SamplingEngine(models, 16, "parity")) {
            engine.admit(cmd);
            FrameSink sink = new FrameSink() {
                @Override
                public void frame(GenerateCommand job, StepFrame frame) {
                    states.add(engine.state(job.jobId()));
                }

                @Override
                public void done(GenerateCommand job, JobEvent.Done done) {
                }

                @Override
                public void failed(GenerateCommand job, JobEvent.Failed failed) {
                    throw new AssertionError(failed.message());
                }
            };
            while (!engine.idle()) engine.tick(sink);
        }
        assertEquals(cmd.sampler().steps(), states.size());
        return states;
    }

    private static float[] readF32(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float v : x) s += (double) v * v;
        return Math.sqrt(s);
    }

    private static List<String> norms(List<float[]> states) {
        return states.stream().map(s -> String.format("%.4f", norm(s))).toList();
    }
}
