package io.guidestream.trainer;

import io.guidestream.bus.PublishMode;
import io.guidestream.registry.DefaultRule;
import io.guidestream.registry.ModelCard;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a trained version becomes the default every user gets: only when asked ({@link PublishMode#DEFAULT}), and then
 * only if its held-out figures are not worse than the current default's, unless that is overridden on purpose
 * ({@code allowWorse}). The figures are those {@link ModelPublisher} measures on the test set: for ε models the
 * held-out DSM losses (lower is better), for classifiers the test accuracies (higher is better), averaged over the
 * noise levels both cards were measured at. Versions without comparable figures (blur models) are not compared.
 */
final class DefaultPolicy implements DefaultRule {
    private static final String LOSS = "testDsmLossT";
    private static final String ACCURACY = "testAccuracy";

    private final PublishMode mode;
    private final boolean allowWorse;

    DefaultPolicy(PublishMode mode, boolean allowWorse) {
        this.mode = mode;
        this.allowWorse = allowWorse;
    }

    @Override
    public Decision decide(ModelCard candidate, ModelCard current) {
        String was = "v" + current.version();
        if (mode == PublishMode.VERSION) {
            return new Decision(false, "published as a version; the default stays " + was + " (publish \"default\""
                    + " makes a new version the default)");
        }
        Optional<Comparison> c = Comparison.of(candidate.metrics(), current.metrics());
        if (c.isEmpty()) return new Decision(true, "made the default (no held-out figures to compare with " + was + ")");
        String figures = c.get().describe(was);
        if (!c.get().worse()) return new Decision(true, "made the default: " + figures);
        if (allowWorse) return new Decision(true, "made the default although it is worse (allowWorse): " + figures);
        return new Decision(false, "not made the default, which stays " + was + ": " + figures + "; to use it anyway,"
                + " publish with allowWorse or PUT /api/models/" + candidate.name() + "/default {\"version\":"
                + candidate.version() + "}");
    }

    /** The mean of one kind of held-out figure over the noise levels both cards have. */
    record Comparison(String what, boolean lowerIsBetter, double candidate, double current, int levels) {
        static Optional<Comparison> of(Map<String, Double> candidate, Map<String, Double> current) {
            return of(LOSS, "held-out DSM loss", true, candidate, current)
                    .or(() -> of(ACCURACY, "test accuracy", false, candidate, current));
        }

        private static Optional<Comparison> of(String prefix, String what, boolean lowerIsBetter,
                Map<String, Double> candidate, Map<String, Double> current) {
            TreeSet<String> shared = new TreeSet<>();
            candidate.forEach((k, v) -> {
                Double other = current.get(k);
                if (k.startsWith(prefix) && Double.isFinite(v) && other != null && Double.isFinite(other)) shared.add(k);
            });
            if (shared.isEmpty()) return Optional.empty();
            double a = shared.stream().mapToDouble(candidate::get).average().orElseThrow();
            double b = shared.stream().mapToDouble(current::get).average().orElseThrow();
            return Optional.of(new Comparison(what, lowerIsBetter, a, b, shared.size()));
        }

        boolean worse() {
            return lowerIsBetter ? candidate > current : candidate < current;
        }

        String describe(String was) {
            return String.format(Locale.ROOT, "mean %s %.4f against %s's %.4f (%d level%s, %s is better)", what,
                    candidate, was, current, levels, levels == 1 ? "" : "s", lowerIsBetter ? "lower" : "higher");
        }
    }
}
