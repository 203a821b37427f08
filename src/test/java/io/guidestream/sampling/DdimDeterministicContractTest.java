package io.guidestream.sampling;

/** DDIM with η = 0: deterministic, and its last step returns x̂0 itself (ᾱ_{−1} = 1). */
class DdimDeterministicContractTest extends SamplerContract {
    @Override
    Sampler sampler() {
        return new DdimSampler(CHAIN, 0);
    }

    @Override
    double[][] expectedStates() {
        return new double[][] {
            {0.89365957005, -0.35304480890, 0.16641534900, -1.44214192972},
            {0.93116973509, -0.29102927623, 0.21822031182, -1.30343539177},
            {0.89301079452, -0.19160024686, 0.26032102038, -1.0}};
    }

    @Override
    double[][] expectedPreviews() {
        return new double[][] {
            {0.92846599053, -0.16662347161, 0.28966380428, -1.0},
            {0.89926248869, -0.18126432474, 0.26895518085, -1.0},
            {0.89301079452, -0.19160024686, 0.26032102038, -1.0}};
    }

    @Override
    double[] expectedShiftedFirstStep() {
        return new double[] {1.11382688992, -0.57321212877, 0.27649900893, -1.00180728999};
    }

    @Override
    int noiseDraws() {
        return 0;
    }
}
