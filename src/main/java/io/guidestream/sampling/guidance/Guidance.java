package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A composition of guidance terms, summed in score units into the {@link GuidanceShift} a sampler applies, then
 * optionally routed through the predicted clean image ({@link X0Guidance}). Methods are compositions, not branches in
 * the sampler: ADM = [classifier, constant]; ED-DPM = [classifier, entropy scale]; tail (M3) = [classifier,
 * constant] + [tail], routed by λ.
 */
public final class Guidance {
    private final List<GuidanceTerm> terms;
    private final X0Guidance x0;

    public Guidance(List<GuidanceTerm> terms, X0Guidance x0) {
        this.terms = List.copyOf(terms);
        this.x0 = x0;
    }

    public Guidance(List<GuidanceTerm> terms) {
        this(terms, new X0Guidance(0));
    }

    public static Guidance none() {
        return new Guidance(List.of());
    }

    /** Whether a step needs the denoiser a second time (guidance routed through x̂0). */
    public boolean needsDenoiser() {
        return x0.lambda() > 0 && !terms.isEmpty();
    }

    public boolean needsEntropyGradient() {
        return terms.stream().anyMatch(GuidanceTerm::needsEntropyGradient);
    }

    public boolean needsClassifier() {
        return terms.stream().anyMatch(GuidanceTerm::needsClassifier);
    }

    /**
     * The shift, the class-guidance scale per item (0 where no classifier term acted) and the names of the terms
     * active on each item.
     */
    public record Outcome(GuidanceShift shift, double[] classScale, List<List<String>> active) {
    }

    public Outcome apply(GuidanceContext ctx) {
        int n = ctx.size();
        double[] classScale = new double[n];
        List<List<String>> active = new ArrayList<>();
        for (int i = 0; i < n; i++) active.add(new ArrayList<>());
        NDArray score = null;
        for (GuidanceTerm term : terms) {
            Optional<Contribution> c = term.contribute(ctx);
            if (c.isEmpty()) continue;
            Contribution con = c.get();
            for (int i = 0; i < n; i++) {
                if (!con.active()[i]) continue;
                active.get(i).add(con.name());
                if (term instanceof ClassifierTerm) classScale[i] = con.scale()[i];
            }
            score = score == null ? con.direction() : score.add(con.direction());
        }
        if (score != null && x0.lambda() > 0) {
            score = x0.apply(ctx, score);
            for (int i = 0; i < n; i++) if (!active.get(i).isEmpty()) active.get(i).add("x0");
        }
        List<List<String>> frozen = active.stream().map(List::copyOf).toList();
        return new Outcome(new GuidanceShift(score), classScale, frozen);
    }
}
