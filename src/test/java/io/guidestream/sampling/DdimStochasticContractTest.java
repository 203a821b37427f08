package io.guidestream.sampling;

/** DDIM with η = 0.5: σ_t·z joins every step but the last, with the fixed z_2, z_1. */
class DdimStochasticContractTest extends SamplerContract {
    @Override
    Sampler sampler() {
        return new DdimSampler(CHAIN, 0.5);
    }

    @Override
    double[][] expectedStates() {
        return new double[][] {
            {0.94705966840, -0.48042137789, 0.39900220813, -1.35427069483},
            {0.90860237980, -0.34940994089, 0.44625019465, -1.10234308344},
            {0.87298393924, -0.24340875996, 0.46268064135, -0.91158112163}};
    }

    @Override
    double[][] expectedPreviews() {
        return new double[][] {
            {0.92846599053, -0.16662347161, 0.28966380428, -1.0},
            {0.94554470208, -0.29166242755, 0.47053972807, -1.0},
            {0.87298393924, -0.24340875996, 0.46268064135, -0.91158112163}};
    }

    @Override
    double[] expectedShiftedFirstStep() {
        return new double[] {1.19655648906, -0.72991819855, 0.52375061846, -0.85527705349};
    }

    @Override
    int noiseDraws() {
        return 2;
    }
}
