package io.guidestream.protocol;

/**
 * Every default and fixed range of a {@code generate} request's settings (docs/PROTOCOL.md), in one place: the
 * server's parser ({@code http.GenerateRequest}, which also reads {@code POST /api/eval} and the {@code eval} command),
 * the Java client's builder and checks, and the guidance settings' factories read them from here, and
 * {@code GenerateDefaultsTest} holds the web page's {@code webapp/js/defaults.js} and the protocol page to them.
 *
 * <p>Each setting has its default and its inclusive range, named after its wire path: {@code guidance.tail.tau} is
 * {@link #TAIL_TAU}, {@link #TAIL_TAU_MIN}, {@link #TAIL_TAU_MAX}. The largest batch and step count are the
 * configuration's ({@code limits.maxBatch}, {@code limits.maxSteps}), not the protocol's. The package belongs to
 * neither side, so the client reads it and still uses no server class.
 */
public final class GenerateDefaults {
    /** {@code batch}: images in a job when neither it nor a label array says. */
    public static final int BATCH = 1;
    public static final int BATCH_MIN = 1;
    /** {@code seed}: 0..2⁵³−1 (a JavaScript number holds it exactly); no default, the server draws one. */
    public static final long SEED_MIN = 0;
    public static final long SEED_MAX = (1L << 53) - 1;

    /** {@code sampler.steps} (at most {@code limits.maxSteps}). */
    public static final int STEPS = 50;
    public static final int STEPS_MIN = 1;
    /** {@code sampler.eta}: DDIM's η, 0 deterministic. */
    public static final double ETA = 0;
    public static final double ETA_MIN = 0;
    public static final double ETA_MAX = 1;

    /** {@code guidance.scale}: the class-guidance scale s. */
    public static final double SCALE = 1.0;
    public static final double SCALE_MIN = 0;
    public static final double SCALE_MAX = 100;
    /** {@code guidance.entropyFloor}: h_min of the entropy rule s·log C / max(H, h_min). */
    public static final double ENTROPY_FLOOR = 0.1;
    public static final double ENTROPY_FLOOR_MIN = 1e-3;
    public static final double ENTROPY_FLOOR_MAX = 10;
    /**
     * {@code guidance.tail.scale}: the entropy-ascent scale of tail guidance. 4 with {@link #X0_LAMBDA} 1: the only
     * configuration of issue 20's control rows that cost nothing beyond the seed spread in either feature space on
     * either model and lowered the autoencoder-space FID on both (docs/EXPERIMENTS.md, tail guidance); it needs about
     * twice plain guidance's class scale for the same class accuracy.
     */
    public static final double TAIL_SCALE = 4.0;
    public static final double TAIL_SCALE_MIN = 0;
    public static final double TAIL_SCALE_MAX = 100;
    /** {@code guidance.tail.tau}: push only while p(y|x_t) ≥ τ. */
    public static final double TAIL_TAU = 0.3;
    public static final double TAIL_TAU_MIN = 0;
    public static final double TAIL_TAU_MAX = 1;
    /** {@code guidance.tail.tMin}: no tail push in the last tMin of the chain. */
    public static final double TAIL_T_MIN = 0.2;
    public static final double TAIL_T_MIN_MIN = 0;
    public static final double TAIL_T_MIN_MAX = 1;
    /**
     * {@code guidance.x0.lambda}: the share of tail guidance routed through x̂0; all of it by default, with
     * {@link #TAIL_SCALE} 4 (issue 20). Above 0 it costs one more denoiser pass per step.
     */
    public static final double X0_LAMBDA = 1.0;
    public static final double X0_LAMBDA_MIN = 0;
    public static final double X0_LAMBDA_MAX = 1;

    /** {@code preview.every}: images every N steps (0: only the last step). */
    public static final int PREVIEW_EVERY = 1;
    public static final int PREVIEW_EVERY_MIN = 0;
    public static final int PREVIEW_EVERY_MAX = 1000;
    /** {@code telemetry.every}: the classifier's view every N steps and at the last (0: never). */
    public static final int TELEMETRY_EVERY = 1;
    public static final int TELEMETRY_EVERY_MIN = 0;
    public static final int TELEMETRY_EVERY_MAX = 1000;

    private GenerateDefaults() {
    }
}
