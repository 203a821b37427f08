package io.guidestream.sampling;

import io.guidestream.diffusion.VarianceKind;

/** DDPM with Σ = β_t (FIXED_LARGE, ADM's default): μ̃ + √Σ·z, and a shift moves the mean by Σ·g. */
class DdpmContractTest extends SamplerContract {
    @Override
    Sampler sampler() {
        return new DdpmSampler(CHAIN, VarianceKind.FIXED_LARGE);
    }

    @Override
    double[][] expectedStates() {
        return new double[][] {
            {1.01867301972, -0.65784396400, 0.79838765044, -1.11214027151},
            {0.77942728928, -0.33309614109, 0.80844977494, -0.52142044180},
            {0.75835061999, -0.22893147170, 0.78410592506, -0.39605533125}};
    }

    @Override
    double[][] expectedPreviews() {
        return new double[][] {
            {0.92846599053, -0.16662347161, 0.28966380428, -1.0},
            {1.0, -0.44543573968, 0.81668969481, -0.83917731129},
            {0.75835061999, -0.22893147170, 0.78410592506, -0.39605533125}};
    }

    @Override
    double[] expectedShiftedFirstStep() {
        return new double[] {1.31867301972, -0.95784396400, 0.94838765044, -0.51214027151};
    }

    @Override
    int noiseDraws() {
        return 2;
    }
}
