package io.guidestream.evaluator;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.EvalCommand;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.PreviewKind;
import io.guidestream.bus.StepFrame;
import io.guidestream.diffusion.ValueRange;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.sampling.FrameSink;
import io.guidestream.sampling.ModelStore;
import io.guidestream.sampling.SamplingEngine;
import io.guidestream.sampling.SamplingException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/**
 * Generates an evaluation's samples with a private {@link SamplingEngine} (its own {@link ModelStore} over the same
 * registry, so evaluations never take capacity from live users), one chunk of up to {@code batch} samples at a time.
 * Each chunk is an ordinary {@link GenerateCommand} with previews only at the last step and only of x_t, so the
 * samples arrive exactly as a client would get them: 8-bit PNGs (the quantisation every image metric assumes), decoded
 * back to [−1, 1]. Each finished chunk goes to a {@link ChunkSink} (the caller extracts its features there), so memory
 * holds one chunk of images, never all n. Chunk c's noise seed is a SplitMix64 hash of (seed, c): the same seed and
 * batch give the same samples. Cancellation is looked at between ticks.
 */
final class SampleGenerator implements FrameSink {
    /** Sample PNGs kept for the stored result's grid. */
    static final int KEPT_PNGS = 16;

    /** Progress in samples: whole chunks done plus the running chunk's fraction of steps. */
    interface Progress {
        void samples(double done);
    }

    /** Receives each finished chunk: samples [start, start + count) as count×C×H×W floats in [−1, 1]. */
    interface ChunkSink {
        void accept(int start, float[] images, int count);
    }

    /** What the run produced besides the images: labels, telemetry curves, the first PNGs, the model version. */
    record Samples(int[] labels, double[] entropyCurve, double[] scaleCurve, double[] guidanceNormCurve,
            double[] floorClampedCurve, List<byte[]> pngs, int modelVersion) {
    }

    private final EvalCommand cmd;
    private final EvalPlan plan;
    private final int pixels;
    private final float[] images;
    private final StepCurves curves;
    private final List<byte[]> pngs = new ArrayList<>();
    private int chunkStart;
    private int stepsDone;
    private JobEvent.Failed failure;

    SampleGenerator(EvalCommand cmd, EvalPlan plan) {
        this.cmd = cmd;
        this.plan = plan;
        var net = plan.model().card().network();
        this.pixels = net.imageChannels() * net.imageSize() * net.imageSize();
        this.images = new float[Math.min(cmd.batch(), cmd.n()) * pixels];
        var guidance = plan.guidance(cmd);
        this.curves = new StepCurves(cmd.sampler().steps(),
                guidance.method() == GuidanceMethod.ENTROPY ? guidance.entropyFloor() : Double.NaN);
    }

    Samples generate(ModelRegistry registry, BooleanSupplier cancelled, Progress progress, ChunkSink sink) {
        int version = -1;
        try (ModelStore store = new ModelStore(registry);
             SamplingEngine engine = new SamplingEngine(store, cmd.batch(), "evaluator")) {
            for (chunkStart = 0; chunkStart < cmd.n(); chunkStart += cmd.batch()) {
                GenerateCommand chunk = chunk(chunkStart / cmd.batch(), Math.min(cmd.batch(), cmd.n() - chunkStart));
                version = admit(engine, chunk, version);
                stepsDone = 0;
                while (!engine.idle()) {
                    if (cancelled.getAsBoolean()) {
                        engine.cancel(chunk.jobId(), this);
                        throw new CancellationException("cancelled after " + chunkStart + " of " + cmd.n()
                                + " samples");
                    }
                    engine.tick(this);
                    progress.samples(chunkStart + (double) chunk.batch() * stepsDone / cmd.sampler().steps());
                }
                if (failure != null) throw new EvaluationException(failure.code(), failure.message());
                sink.accept(chunkStart, images, chunk.batch());
            }
        }
        int[] labels = new int[cmd.n()];
        for (int i = 0; i < labels.length; i++) labels[i] = plan.label(i);
        return new Samples(labels, curves.entropy(), curves.scale(), curves.guidanceNorm(), curves.floorClamped(),
                List.copyOf(pngs), version);
    }

    /** Admits a chunk; every chunk must run on the same model version (one store, loaded once, never reloaded). */
    private static int admit(SamplingEngine engine, GenerateCommand chunk, int version) {
        try {
            int v = engine.admit(chunk).modelVersion();
            if (version >= 0 && v != version) {
                throw new EvaluationException(ErrorCode.INTERNAL, "model version changed mid-run: " + version + " → "
                        + v);
            }
            return v;
        } catch (SamplingException e) {
            throw new EvaluationException(e.code(), e.getMessage());
        }
    }

    private GenerateCommand chunk(int index, int size) {
        List<Integer> labels = new ArrayList<>(size);
        for (int i = 0; i < size; i++) labels.add(plan.label(chunkStart + i));
        return new GenerateCommand(cmd.jobId() + "-chunk-" + index, "", cmd.model(), labels,
                chunkSeed(cmd.seed(), index), cmd.sampler(), plan.guidance(cmd),
                new GenerateCommand.PreviewSettings(0, Set.of(PreviewKind.XT)));
    }

    /** SplitMix64's finaliser over (seed, chunk): well-spread, independent seeds for neighbouring chunks. */
    static long chunkSeed(long seed, int chunk) {
        long z = seed + (chunk + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & ((1L << 53) - 1);
    }

    @Override
    public void frame(GenerateCommand job, StepFrame frame) {
        stepsDone = frame.step();
        curves.add(frame.step(), frame.entropy(), frame.scale(), frame.gradNorm());
        for (StepFrame.Preview p : frame.images()) {
            if (p.kind() != PreviewKind.XT) continue;
            int sample = chunkStart + p.index();
            decode(p.png(), sample);
            if (sample < KEPT_PNGS) pngs.add(p.png());
        }
    }

    /**
     * PNG levels to [−1, 1], the range the feature networks read (x = u8 / 127.5 − 1: for a model of that range the
     * inverse of the preview encoding up to rounding; for a [0, 1] model its images as they look), channel by channel:
     * C×H×W.
     */
    private void decode(byte[] png, int sample) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            int[] interleaved = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
            if (interleaved.length != pixels) {
                throw new IOException("a sample PNG has " + interleaved.length + " values, not " + pixels);
            }
            int bands = img.getRaster().getNumBands();
            int plane = pixels / bands;
            int offset = (sample - chunkStart) * pixels;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < bands; c++) {
                    images[offset + c * plane + p] = ValueRange.SIGNED.fromByte(interleaved[p * bands + c]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode sample " + sample, e);
        }
    }

    @Override
    public void done(GenerateCommand job, JobEvent.Done done) {
        // the chunk loop sees the engine go idle
    }

    @Override
    public void failed(GenerateCommand job, JobEvent.Failed failed) {
        if (failed.code() != ErrorCode.CANCELLED) failure = failed;
    }
}
