package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.ForwardProcess;
import io.guidestream.diffusion.HostNoise;
import io.guidestream.diffusion.NoiseSchedule;
import java.util.SplittableRandom;

/** Top-1 accuracy of a (noise-aware) classifier on labelled images noised to timestep t (t = −1: clean). */
public final class ClassifierAccuracy {
    private ClassifierAccuracy() {
    }

    public static double measure(Block classifier, NoiseSchedule schedule, LabelledImages data, int t, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int correct = 0;
        int batch = 500;
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (int start = 0; start < data.size(); start += batch) {
                int n = Math.min(batch, data.size() - start);
                int[] idx = new int[n];
                int[] ts = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = start + i;
                    ts[i] = Math.max(t, 0);
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = data.images(scope, idx);
                    if (t >= 0) x = ForwardProcess.qSample(schedule, x, ts, HostNoise.gaussian(scope, x.getShape(), rng));
                    NDArray logits = classifier.forward(ps, new NDList(x, scope.create(ts)), false).get(0);
                    int[] pred = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                    for (int i = 0; i < n; i++) if (pred[i] == data.label(idx[i])) correct++;
                }
            }
        }
        return correct / (double) data.size();
    }
}
