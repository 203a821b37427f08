package io.guidestream.sampling;

import ai.djl.ndarray.NDArray;

/** A sampler step's output: the next state x_{t−1} and the clean estimate x̂0 to preview. */
public record StepResult(NDArray next, NDArray x0) {
}
