package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** logits = W · flatten(x): a classifier whose input gradients have a closed form. Ignores the timestep. */
final class LinearClassifier extends AbstractBlock {
    private final Parameter weight;
    private final int classes;
    private final int dim;

    LinearClassifier(int classes, int dim) {
        this.classes = classes;
        this.dim = dim;
        weight = addParameter(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray flat = x.reshape(x.getShape().get(0), dim);
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        return new NDList(flat.matMul(w.transpose()), flat);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes), new Shape(inputShapes[0].get(0), dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    }

    float[] weights() {
        return weight.getArray().toFloatArray();
    }
}
