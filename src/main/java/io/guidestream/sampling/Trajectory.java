package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.sampling.guidance.Guidance;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One job's live state: its current x_t (owned by the job's manager, the second of the three lifetimes), the next
 * respaced index k, and its own seeded noise generator, so its frames do not depend on what shares its batch.
 */
final class Trajectory implements AutoCloseable {
    final GenerateCommand command;
    final Denoiser denoiser;
    final @Nullable ClassifierProbe probe;
    final @Nullable LoadedModel classifierModel;
    final @Nullable String classifierName;
    final Sampler sampler;
    final Guidance guidance;
    final int[] labels;
    /** Blur jobs' per-step readings; null for ε models, whose frames carry the classifier's instead. */
    final @Nullable BlurTelemetry blurTelemetry;
    final long startNanos = System.nanoTime();
    private final SplittableRandom rng;
    private final NDManager manager;
    private NDArray x;
    private int k;

    Trajectory(GenerateCommand command, Denoiser denoiser, @Nullable LoadedModel classifierModel,
            @Nullable String classifierName, Sampler sampler, Guidance guidance, NDManager parent, Shape itemShape) {
        this.command = command;
        this.denoiser = denoiser;
        this.classifierModel = classifierModel;
        this.probe = classifierModel == null ? null
                : new ClassifierProbe(classifierModel.network());
        this.classifierName = classifierName;
        this.sampler = sampler;
        this.guidance = guidance;
        this.labels = command.labels().stream().mapToInt(Integer::intValue).toArray();
        this.blurTelemetry = sampler instanceof BlurSampler b ? new BlurTelemetry(b.blurSchedule()) : null;
        this.rng = new SplittableRandom(command.seed());
        this.manager = parent.newSubManager();
        long[] dims = new long[itemShape.dimension() + 1];
        dims[0] = labels.length;
        System.arraycopy(itemShape.getShape(), 0, dims, 1, itemShape.dimension());
        this.x = sampler.initialState(manager, new Shape(dims), labels, rng);
        this.k = sampler.schedule().steps() - 1;
    }

    String jobId() {
        return command.jobId();
    }

    int size() {
        return labels.length;
    }

    NDArray x() {
        return x;
    }

    int k() {
        return k;
    }

    int stepsTotal() {
        return sampler.schedule().steps();
    }

    /** 1-based number of the step about to run. */
    int stepNumber() {
        return stepsTotal() - k;
    }

    int modelTimestep() {
        return sampler.schedule().modelTimestep(k);
    }

    /** Whether the step about to run reports the classifier's view ({@code telemetry.every}). */
    boolean telemetryDue() {
        return command.telemetry().due(stepNumber(), stepsTotal());
    }

    /**
     * Whether the step about to run needs the classifier: guidance needs its gradient at every step; otherwise only
     * the steps that report telemetry do, so an unguided job without telemetry costs a bare step.
     */
    boolean needsReading() {
        return probe != null && (guidance.needsClassifier() || telemetryDue());
    }

    boolean finished() {
        return k < 0;
    }

    /** Fresh noise shaped like x from this job's generator, in the caller's scope. */
    NDArray noise(NDManager scope) {
        return HostNoise.gaussian(scope, x.getShape(), rng);
    }

    /**
     * Takes ownership of the next state and moves to the next index. Returns the previous state, which the caller
     * closes once the step scope (which borrowed it) has closed.
     */
    NDArray advance(NDArray next) {
        NDArray previous = x;
        next.attach(manager);
        x = next;
        k--;
        return previous;
    }

    @Override
    public void close() {
        manager.close();
    }
}
