package io.guidestream.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group normalisation (Wu &amp; He 2018): channels split into {@code groups}, each group normalised over its
 * channels and all pixels, then a learnable per-channel scale γ and shift β. DJL has no such block.
 */
public final class GroupNorm extends AbstractBlock {
    private static final float EPS = 1e-5f;
    private final int groups;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Map<Long, NDArray[]> identities = new ConcurrentHashMap<>();

    public GroupNorm(int groups, int channels) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels cannot be split into " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long batch = shape.get(0);
        // Normalising a (B, G, rest) view with the engine's fused layer norm is 3× faster than mean/var by hand.
        long perGroup = shape.size() / (batch * groups);
        NDArray[] identity = identityAffine(ps, x, perGroup, training);
        NDArray normed = LayerNorm.layerNorm(x.reshape(batch, groups, perGroup), new Shape(perGroup), identity[0],
                identity[1], EPS).singletonOrThrow().reshape(shape);
        NDArray g = Layers.reshapedParameter(ps, gamma, x, training, 1, channels, 1, 1);
        NDArray b = Layers.reshapedParameter(ps, beta, x, training, 1, channels, 1, 1);
        return new NDList(normed.mul(g).add(b));
    }

    /**
     * The layer norm's own scale and shift, ones and zeros of {@code perGroup} elements: made once per size and kept
     * with the parameters (the model's lifetime), rather than two arrays more (four native calls) per call.
     */
    private NDArray[] identityAffine(ParameterStore ps, NDArray x, long perGroup, boolean training) {
        NDArray[] cached = identities.get(perGroup);
        if (cached != null && !cached[0].isReleased() && cached[0].getDevice().equals(x.getDevice())) return cached;
        // Made again where the parameters moved or were replaced (their manager closed, the arrays with it).
        NDManager owner = ps.getValue(gamma, x.getDevice(), training).getManager();
        NDArray[] made = {owner.ones(new Shape(perGroup)), owner.zeros(new Shape(perGroup))};
        identities.put(perGroup, made);
        return made;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
