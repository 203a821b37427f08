package io.guidestream.sampling.guidance;

/** Where a guidance term acts: the sampler's native score form, or directly on the state x_t (M3). */
public enum Space {
    SCORE, X
}
