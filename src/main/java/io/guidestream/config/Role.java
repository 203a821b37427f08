package io.guidestream.config;

/** The roles one jar can play; all of them by default. */
public enum Role {
    GATEWAY, SAMPLER, TRAINER, EVALUATOR
}
