package io.guidestream.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.nn.GradMode;
import io.guidestream.nn.GradientRecorder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Runs one training job to completion or cancellation: AdamW with warm-up, EMA weights, a checkpoint every
 * {@code checkpointEvery} steps, and resume from the run folder's last checkpoint. Step k's batch, timesteps and
 * noise depend only on (seed, k), so a resumed run continues exactly where the interrupted one would have gone.
 * Memory: the network, optimizer and EMA live in one manager for the run; each step gets a sub-manager.
 */
public final class Trainer {
    public static final String FINAL_WEIGHTS = "final.params";
    /** Global gradient-norm clip: healthy norms here are about 0.2–2. */
    static final double CLIP_NORM = 1.0;
    private static final int MAX_BAD_STEPS = 20;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Trainer.class.getName());
    private int badSteps;
    private double lastGradNorm;
    private final GradientSpikeGuard spikes = new GradientSpikeGuard();

    private final TrainingSpec spec;
    private final LabelledImages data;
    private final Path runDir;
    private final TrainingListener listener;
    private final Path initialWeights;

    public Trainer(TrainingSpec spec, LabelledImages data, Path runDir, TrainingListener listener) {
        this(spec, data, runDir, listener, null);
    }

    /** @param initialWeights parameters to start from (fine-tuning a published model), or null for random */
    public Trainer(TrainingSpec spec, LabelledImages data, Path runDir, TrainingListener listener,
            Path initialWeights) {
        this.spec = spec;
        this.data = data;
        this.runDir = runDir;
        this.listener = listener;
        this.initialWeights = initialWeights;
    }

    /** What a run ended with: completed (final EMA weights written) or cancelled (checkpoint written). */
    public record Outcome(boolean completed, long step, double lastLoss, Path finalWeights, String lossLog) {
    }

    public Outcome run(BooleanSupplier cancelled) throws IOException {
        GradMode.disableOnThisThread();
        NoiseSchedule schedule = NoiseSchedule.of(spec.schedule(), spec.diffusionSteps());
        Objective objective = Objectives.create(spec, schedule, data);
        try (NDManager manager = NDManager.newBaseManager()) {
            // DJL's initialisers draw from the engine's generator: seed it so the initial weights are the run's own.
            Engine.getInstance().setRandomSeed((int) spec.seed());
            Block net = spec.network().create(manager);
            if (initialWeights != null && Checkpoint.findResumable(runDir) == null) {
                Checkpoint.loadWeights(initialWeights, manager, net);
            }
            List<Parameter> params = List.copyOf(net.getParameters().values());
            AdamW optimizer = new AdamW(manager, params, spec.weightDecay());
            Ema ema = new Ema(manager, params, spec.emaDecay());
            long step = 0;
            StringBuilder log = new StringBuilder("step,loss,lr\n");
            Path resume = Checkpoint.findResumable(runDir);
            if (resume != null) {
                step = Checkpoint.read(resume, manager, net, ema, optimizer);
                log.setLength(0);
                log.append(Checkpoint.readLossLog(resume));
                for (Parameter p : params) p.getArray().setRequiresGradient(true);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            Window window = new Window();
            double lastLoss = Double.NaN;
            while (step < spec.steps()) {
                if (cancelled.getAsBoolean()) {
                    Checkpoint.write(runDir, net, ema, optimizer, step, log.toString());
                    listener.onCheckpoint(step);
                    return new Outcome(false, step, lastLoss, null, log.toString());
                }
                lastLoss = trainStep(net, ps, objective, optimizer, ema, params, manager, step);
                step++;
                if (Double.isFinite(lastLoss)) {
                    window.add(lastLoss, lastGradNorm);
                } else {
                    window.skip(lastGradNorm);
                }
                if (step % spec.logEvery() == 0 || step == spec.steps()) {
                    TrainingProgress progress = window.report(step, spec.steps(), spec.batch());
                    log.append(step).append(',').append(progress.loss()).append(',')
                            .append(spec.learningRateAt(step - 1)).append('\n');
                    listener.onProgress(progress);
                }
                if (step % spec.checkpointEvery() == 0 && step < spec.steps()) {
                    Checkpoint.write(runDir, net, ema, optimizer, step, log.toString());
                    listener.onCheckpoint(step);
                }
            }
            Checkpoint.write(runDir, net, ema, optimizer, step, log.toString());
            Path out = writeFinalWeights(net, ema, params);
            return new Outcome(true, step, lastLoss, out, log.toString());
        }
    }

    private double trainStep(Block net, ParameterStore ps, Objective objective, AdamW optimizer, Ema ema,
            List<Parameter> params, NDManager manager, long step) {
        SplittableRandom rng = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + step);
        int[] indices = new int[spec.batch()];
        int[] labels = new int[spec.batch()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = rng.nextInt(data.size());
            labels[i] = data.label(indices[i]);
        }
        try (NDManager scope = manager.newSubManager()) {
            TrainingBatch batch = new TrainingBatch(scope, data.images(scope, indices), data.labels(scope, indices),
                    labels, rng);
            NDArray loss;
            try (GradientRecorder gc = GradientRecorder.start()) {
                loss = objective.loss(net, ps, batch);
                gc.backward(loss);
            }
            double value = loss.getFloat();
            double limit = Double.isFinite(value) ? spikes.limit() : -1; // a non-finite loss: no update either
            double norm = optimizer.step(params, spec.learningRateAt(step), step + 1, CLIP_NORM, limit);
            spikes.record(norm);
            lastGradNorm = norm;
            if (Double.isFinite(value) && Double.isFinite(norm) && norm <= limit) {
                ema.update(params, step);
                badSteps = 0;
                return value;
            }
            // A rare non-finite or spiking step is skipped (gradients discarded); a streak means the run has diverged.
            LOG.warning("skipped step " + step + ": loss " + value + ", gradient norm " + norm
                    + (Double.isFinite(norm) && norm > limit && limit >= 0
                            ? " > " + GradientSpikeGuard.FACTOR + "× the recent median" : ""));
            if (++badSteps >= MAX_BAD_STEPS) {
                throw new IllegalStateException(badSteps + " skipped steps in a row at step " + step
                        + "; lower learningRate");
            }
            return Double.NaN;
        }
    }

    private Path writeFinalWeights(Block net, Ema ema, List<Parameter> params) throws IOException {
        Path out = runDir.resolve(FINAL_WEIGHTS);
        Path tmp = runDir.resolve(FINAL_WEIGHTS + ".tmp");
        ema.swapInto(params);
        try (DataOutputStream os = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            net.saveParameters(os);
        } finally {
            ema.swapInto(params);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** Loss and throughput over the steps since the last report. */
    private static final class Window {
        private long startNanos = System.nanoTime();
        private double sum;
        private double normSum;
        private double normMax;
        private int count;
        private int skipped;

        void add(double loss, double gradNorm) {
            sum += loss;
            normSum += gradNorm;
            normMax = Math.max(normMax, gradNorm);
            count++;
        }

        /** A discarded step: counted, and its norm kept as the window's maximum if it is finite (the evidence). */
        void skip(double gradNorm) {
            skipped++;
            if (Double.isFinite(gradNorm)) normMax = Math.max(normMax, gradNorm);
        }

        TrainingProgress report(long step, long steps, int batch) {
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            int done = count + skipped;
            double ips = done * (double) batch / seconds;
            double eta = (steps - step) * (seconds / Math.max(1, done));
            int n = Math.max(1, count);
            TrainingProgress p = new TrainingProgress(step, steps, sum / n, ips, eta, normSum / n, normMax, skipped);
            startNanos = System.nanoTime();
            sum = 0;
            normSum = 0;
            normMax = 0;
            count = 0;
            skipped = 0;
            return p;
        }
    }
}
