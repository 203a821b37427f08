package io.guidestream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** A training loss: called once per step inside a gradient collector, returns a scalar. */
public interface Objective {
    NDArray loss(Block net, ParameterStore ps, TrainingBatch batch);
}
