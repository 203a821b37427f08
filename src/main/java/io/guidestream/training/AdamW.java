package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019). Written here rather than DJL's so that its moment
 * estimates can be checkpointed and a resumed run continues exactly. Gradients are zeroed after each update,
 * because DJL's PyTorch gradient collector accumulates them across collectors.
 */
public final class AdamW {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private final NDManager stateManager;
    private final double weightDecay;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();

    public AdamW(NDManager stateManager, List<Parameter> parameters, double weightDecay) {
        this.stateManager = stateManager;
        this.weightDecay = weightDecay;
        for (Parameter p : parameters) {
            first.put(p.getId(), stateManager.zeros(p.getArray().getShape()));
            second.put(p.getId(), stateManager.zeros(p.getArray().getShape()));
        }
    }

    /** {@link #step(List, double, long, double, double)} with no norm above which the update is skipped. */
    public double step(List<Parameter> parameters, double lr, long t, double clipNorm) {
        return step(parameters, lr, t, clipNorm, Double.POSITIVE_INFINITY);
    }

    /**
     * One update at 1-based step {@code t} with learning rate {@code lr}, after clipping the global gradient norm to
     * {@code clipNorm} (rare spikes otherwise knock a small model out of its basin). Returns the norm before
     * clipping; a non-finite norm, or one above {@code skipAbove}, skips the update: the weights and moments stay as
     * they were and the gradients are zeroed.
     */
    public double step(List<Parameter> parameters, double lr, long t, double clipNorm, double skipAbove) {
        double norm = globalNorm(parameters);
        if (!Double.isFinite(norm) || norm > skipAbove) {
            zeroGradients(parameters);
            return norm;
        }
        double factor = norm > clipNorm ? clipNorm / norm : 1;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (Parameter p : parameters) {
            try (NDManager scope = stateManager.newSubManager()) {
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                NDArray m = first.get(p.getId());
                NDArray v = second.get(p.getId());
                scope.tempAttachAll(w, m, v);
                g.attach(scope);
                if (factor != 1) g.muli(factor);
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.square().muli(1 - BETA2));
                NDArray update = m.div(c1).div(v.div(c2).sqrt().add(EPS));
                if (weightDecay > 0) update.addi(w.mul(weightDecay));
                w.subi(update.muli(lr));
                g.muli(0);
            }
        }
        return norm;
    }

    private static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            try (NDArray g = p.getArray().getGradient(); NDArray sq = g.square(); NDArray total = sq.sum()) {
                sum += total.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    private static void zeroGradients(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            try (NDArray g = p.getArray().getGradient()) {
                g.set(new NDIndex("..."), 0); // overwrites NaN too, unlike multiplying by 0
            }
        }
    }

    /** Moments in parameter order: m_0, v_0, m_1, v_1, … */
    public NDList state() {
        NDList out = new NDList();
        for (String id : first.keySet()) {
            out.add(first.get(id));
            out.add(second.get(id));
        }
        return out;
    }

    public void load(NDList state) {
        if (state.size() != 2 * first.size()) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected "
                    + 2 * first.size());
        }
        int i = 0;
        for (String id : first.keySet()) {
            state.get(i++).copyTo(first.get(id));
            state.get(i++).copyTo(second.get(id));
        }
    }
}
