package io.guidestream.sampling.guidance;

import ai.djl.ndarray.NDArray;
import io.guidestream.sampling.GuidanceShift;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A composition of guidance terms, summed per space into the {@link GuidanceShift} a sampler applies. Methods are
 * compositions, not branches in the sampler: ADM = [classifier, constant, score]; ED-DPM = [classifier, entropy
 * scale, score]; tail (M3) = [classifier, constant, x] + [tail] + [x̂0 pull].
 */
public final class Guidance {
    private final List<GuidanceTerm> terms;

    public Guidance(List<GuidanceTerm> terms) {
        this.terms = List.copyOf(terms);
    }

    public static Guidance none() {
        return new Guidance(List.of());
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
        NDArray x = null;
        for (GuidanceTerm term : terms) {
            Optional<Contribution> c = term.contribute(ctx);
            if (c.isEmpty()) continue;
            Contribution con = c.get();
            for (int i = 0; i < n; i++) {
                if (!con.active()[i]) continue;
                active.get(i).add(con.name());
                if (term instanceof ClassifierTerm) classScale[i] = con.scale()[i];
            }
            if (con.space() == Space.SCORE) score = score == null ? con.direction() : score.add(con.direction());
            else x = x == null ? con.direction() : x.add(con.direction());
        }
        List<List<String>> frozen = active.stream().map(List::copyOf).toList();
        return new Outcome(new GuidanceShift(score, x), classScale, frozen);
    }
}
