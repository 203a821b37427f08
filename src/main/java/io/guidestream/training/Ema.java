package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Exponential moving average of the weights (the weights that ship): θ̄ ← d·θ̄ + (1 − d)·θ, with the usual warm-up
 * d_t = min(d, (1 + t)/(10 + t)) so early averages are not dominated by the random initialisation.
 */
public final class Ema {
    private final NDManager manager;
    private final double decay;
    private final List<NDArray> shadow = new ArrayList<>();

    public Ema(NDManager manager, List<Parameter> parameters, double decay) {
        this.manager = manager;
        this.decay = decay;
        for (Parameter p : parameters) {
            NDArray copy = p.getArray().duplicate();
            copy.attach(manager);
            shadow.add(copy);
        }
    }

    public void update(List<Parameter> parameters, long step) {
        double d = Math.min(decay, (1.0 + step) / (10.0 + step));
        for (int i = 0; i < parameters.size(); i++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray s = shadow.get(i);
                NDArray w = parameters.get(i).getArray();
                scope.tempAttachAll(s, w);
                s.muli(d).addi(w.mul(1 - d));
            }
        }
    }

    public NDList weights() {
        return new NDList(shadow);
    }

    public void load(NDList weights) {
        if (weights.size() != shadow.size()) {
            throw new IllegalArgumentException("EMA has " + weights.size() + " arrays, expected " + shadow.size());
        }
        for (int i = 0; i < shadow.size(); i++) weights.get(i).copyTo(shadow.get(i));
    }

    /** Swaps the averaged weights into the parameters (and the live ones into the shadow): call twice to undo. */
    public void swapInto(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray tmp = w.duplicate();
            shadow.get(i).copyTo(w);
            tmp.copyTo(shadow.get(i));
            tmp.close();
        }
    }
}
