package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.nn.TorchScriptModule;
import org.jspecify.annotations.Nullable;

/**
 * An imported TorchScript network called by its card's conventions (docs/MODELS.md): t as int64 indices or as
 * float32 t·scale; y as int64 when the network takes classes (an imported network has no null class, so admission
 * refuses items without a label for it); the output, or a tuple's first element (diffusers' {@code return_dict=False}).
 */
public final class TorchScriptNetwork implements Network {
    private final TorchScriptModule module;
    private final TorchScriptConfig config;
    private final boolean takesLabels;

    /** @param takesLabels whether forward has a y argument (class-conditional ε-networks) */
    public TorchScriptNetwork(TorchScriptModule module, TorchScriptConfig config, boolean takesLabels) {
        this.module = module;
        this.config = config;
        this.takesLabels = takesLabels;
    }

    /** The same module called by other conventions (an import's diagnosis of a card that does not fit its file). */
    public TorchScriptNetwork with(TorchScriptConfig otherConfig, boolean otherTakesLabels) {
        return new TorchScriptNetwork(module, otherConfig, otherTakesLabels);
    }

    public TorchScriptConfig config() {
        return config;
    }

    public boolean takesLabels() {
        return takesLabels;
    }

    @Override
    public NDArray forward(NDManager scope, NDArray x, int[] t, int @Nullable [] labels) {
        NDList inputs = new NDList(x, timesteps(scope, t));
        if (takesLabels) {
            if (labels == null) throw new IllegalArgumentException("this network takes a class per item");
            long[] y = new long[labels.length];
            for (int i = 0; i < y.length; i++) {
                if (labels[i] < 0) throw new IllegalArgumentException("an imported class-conditional network needs a"
                        + " class for every item, got -1");
                y[i] = labels[i];
            }
            inputs.add(scope.create(y));
        }
        NDList out = module.forward(inputs);
        NDArray answer = out.get(0);
        answer.attach(scope);
        for (int i = 1; i < out.size(); i++) out.get(i).close();
        return answer;
    }

    /** The module's parameters by name (the finiteness check at load). */
    java.util.List<ai.djl.util.Pair<String, NDArray>> parameters() {
        return module.parameters();
    }

    private NDArray timesteps(NDManager scope, int[] t) {
        if (config.timestepType() == TorchScriptConfig.TimestepType.INT64) {
            long[] index = new long[t.length];
            for (int i = 0; i < t.length; i++) index[i] = t[i];
            return scope.create(index);
        }
        float[] scaled = new float[t.length];
        for (int i = 0; i < t.length; i++) scaled[i] = (float) (t[i] * config.timestepScale());
        return scope.create(scaled);
    }
}
