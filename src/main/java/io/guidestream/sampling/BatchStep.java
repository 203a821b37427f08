package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.guidestream.sampling.guidance.ClassifierReading;
import io.guidestream.sampling.guidance.Guidance;
import io.guidestream.sampling.guidance.GuidanceContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One tick for the trajectories of one denoiser, in a step-lifetime scope: (1) one forward pass over all their
 * items; (2) one classifier probe per classifier over the items that need it at this step; (3) per job, the
 * sampler's estimate, its guidance and its update. The passes of (1) and (2) go through {@link BatchLanes}, which
 * may run a small batch as two halves at once. Trajectory states are borrowed into the scope and the new states
 * handed back to their jobs.
 */
final class BatchStep {
    private BatchStep() {
    }

    static List<FrameBuilder.Pending> run(NDManager root, Denoiser denoiser, List<Trajectory> group, BatchLanes lanes,
            EngineListener listener) {
        List<NDArray> retired = new ArrayList<>();
        List<FrameBuilder.Pending> out = new ArrayList<>();
        try (NDManager scope = root.newSubManager()) {
            for (Trajectory t : group) scope.tempAttachAll(t.x());
            NDArray eps = forward(scope, denoiser, lanes, concat(group), timesteps(group), labels(group));
            Map<Trajectory, ClassifierReading> readings = probe(scope, group, lanes, listener);
            int offset = 0;
            for (Trajectory t : group) {
                int n = t.size();
                NDArray mine = group.size() == 1 ? eps : eps.get(new NDIndex(offset + ":" + (offset + n)));
                out.add(advance(scope, t, mine, readings.get(t), denoiser, lanes));
                offset += n;
            }
            for (FrameBuilder.Pending p : out) retired.add(p.trajectory().advance(p.next()));
        }
        retired.forEach(NDArray::close);
        return out;
    }

    private static FrameBuilder.Pending advance(NDManager scope, Trajectory t, NDArray netOutput,
            @Nullable ClassifierReading reading, Denoiser denoiser, BatchLanes lanes) {
        int k = t.k();
        Sampler sampler = t.sampler;
        Estimate est = sampler.estimate(t.x(), netOutput, k);
        double alphaBar = sampler.schedule().schedule().alphaBar(k);
        UnaryOperator<NDArray> again = !t.guidance.needsDenoiser() ? null : x -> sampler.estimate(x,
                forward(scope, denoiser, lanes, x, timesteps(List.of(t)), t.labels), k).x0();
        GuidanceContext ctx = new GuidanceContext(t.x(), est.x0(), alphaBar, k, t.stepsTotal(), reading, again);
        Guidance.Outcome outcome = t.guidance.apply(ctx);
        StepResult res = sampler.step(t.x(), est, outcome.shift(), k, () -> t.noise(scope));
        return FrameBuilder.capture(t, reading, outcome, res);
    }

    /** The denoiser's output for the items x with their timesteps and labels, in halves on the lanes if they split. */
    private static NDArray forward(NDManager scope, Denoiser denoiser, BatchLanes lanes, NDArray x, int[] t, int[] y) {
        return lanes.run(t.length, (from, to) -> denoiser.predict(scope, items(x, from, to, t.length),
                Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(y, from, to)), NDArray::concat);
    }

    /**
     * One probe per classifier over the items of the trajectories that need it at this step (guided, or reporting
     * telemetry): the others are left out of the batch, and a classifier nobody needs is not run at all.
     */
    private static Map<Trajectory, ClassifierReading> probe(NDManager scope, List<Trajectory> group, BatchLanes lanes,
            EngineListener listener) {
        Map<String, List<Trajectory>> byClassifier = new LinkedHashMap<>();
        for (Trajectory t : group) {
            if (t.needsReading()) byClassifier.computeIfAbsent(t.classifierName, c -> new ArrayList<>()).add(t);
        }
        Map<Trajectory, ClassifierReading> out = new HashMap<>();
        for (Map.Entry<String, List<Trajectory>> e : byClassifier.entrySet()) {
            List<Trajectory> users = e.getValue();
            boolean entropyGrad = users.stream().anyMatch(t -> t.guidance.needsEntropyGradient());
            ClassifierProbe probe = users.get(0).probe;
            NDArray x = concat(users);
            int[] times = timesteps(users);
            int[] ys = labels(users);
            ClassifierReading all = lanes.run(times.length, (from, to) -> probe.read(scope,
                    items(x, from, to, times.length), Arrays.copyOfRange(times, from, to),
                    Arrays.copyOfRange(ys, from, to), entropyGrad), ClassifierReading::concat);
            listener.classifierPass(e.getKey(), all.size());
            int offset = 0;
            for (Trajectory t : users) {
                out.put(t, users.size() == 1 ? all : all.slice(offset, offset + t.size()));
                offset += t.size();
            }
        }
        return out;
    }

    /** Items [from, to) of a batch of {@code n}: the batch itself when that is all of it. */
    private static NDArray items(NDArray x, int from, int to, int n) {
        return from == 0 && to == n ? x : x.get(new NDIndex(from + ":" + to));
    }

    private static NDArray concat(List<Trajectory> group) {
        if (group.size() == 1) return group.get(0).x();
        NDList xs = new NDList();
        for (Trajectory t : group) xs.add(t.x());
        return NDArrays.concat(xs);
    }

    private static int[] timesteps(List<Trajectory> group) {
        int[] out = new int[group.stream().mapToInt(Trajectory::size).sum()];
        int i = 0;
        for (Trajectory t : group) for (int j = 0; j < t.size(); j++) out[i++] = t.modelTimestep();
        return out;
    }

    private static int[] labels(List<Trajectory> group) {
        int[] out = new int[group.stream().mapToInt(Trajectory::size).sum()];
        int i = 0;
        for (Trajectory t : group) for (int y : t.labels) out[i++] = y;
        return out;
    }
}
