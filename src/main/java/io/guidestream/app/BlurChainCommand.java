package io.guidestream.app;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.SamplerKind;
import io.guidestream.diffusion.BlurSchedule;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.UnknownModelException;
import io.guidestream.sampling.BlurChainProbe;
import io.guidestream.sampling.Denoiser;
import io.guidestream.sampling.LoadedModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code blur-chain <model> [--n 64] [--steps 50] [--seed 0] [--models DIR]}: follows the naive and the momentum
 * sampler of a blur model over the same prior draws (labels 0–9 cycled) and prints, per step, how much the clean
 * estimate moves and how far the chain is from the corrupted data path ({@link BlurChainProbe}); docs/EXPERIMENTS.md,
 * Soft Diffusion.
 */
final class BlurChainCommand {
    private static final String USAGE = "usage: blur-chain <model> [--n 64] [--steps 50] [--seed 0] [--models DIR]";

    private BlurChainCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(Invocation.of(args), out, err);
    }

    static int run(Invocation invocation, PrintStream out, PrintStream err) throws Exception {
        String[] args = invocation.args();
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        int n = 64;
        int steps = 50;
        long seed = 0;
        Path models = invocation.config().registry().path();
        try {
            for (int i = 2; i < args.length; i += 2) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
                String v = args[i + 1];
                switch (args[i]) {
                    case "--n" -> n = positive("--n", v, 1024);
                    case "--steps" -> steps = positive("--steps", v, 1000);
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (NumberFormatException e) {
            err.println("blur-chain: --seed must be an integer\n" + USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("blur-chain: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        ModelVersion version;
        try {
            version = new ModelRegistry(models).require(args[1]);
        } catch (UnknownModelException e) {
            err.println("blur-chain: " + e.getMessage());
            return 2;
        }
        if (version.card().role() != ModelRole.BLUR) {
            err.println("blur-chain: " + args[1] + " is not a blur model (its role is " + version.card().role() + ")");
            return 2;
        }
        BlurSchedule blur = BlurSchedule.of(version.card().blurPathOrDefault(), version.card().diffusionSteps(),
                version.card().network().imageSize());
        if (steps > blur.levels()) {
            err.println("blur-chain: --steps must be 1.." + blur.levels());
            return 2;
        }
        int size = version.card().network().imageSize();
        Shape shape = new Shape(n, 1, size, size);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        int[] t = new int[n];
        try (LoadedModel model = LoadedModel.load(version); NDManager manager = NDManager.newBaseManager()) {
            Denoiser h = new Denoiser(model);
            BlurChainProbe.Predictor predictor = (scope, x, level) -> {
                Arrays.fill(t, level);
                return h.predict(scope, x, t, labels);
            };
            List<BlurChainProbe.Step> naive = BlurChainProbe.follow(SamplerKind.NAIVE, blur, steps, predictor,
                    manager, shape, labels, seed);
            List<BlurChainProbe.Step> momentum = BlurChainProbe.follow(SamplerKind.MOMENTUM, blur, steps, predictor,
                    manager, shape, labels, seed);
            out.printf(Locale.ROOT, "%s v%d, %d samples, %d steps, seed %d%n", version.name(), version.version(), n,
                    steps, seed);
            out.printf(Locale.ROOT, "%5s %6s %7s %7s | %10s %10s | %10s %10s%n", "step", "level", "sigmaB", "s",
                    "naive dx0", "residual", "mom. dx0", "residual");
            for (int i = 0; i < naive.size(); i++) {
                BlurChainProbe.Step a = naive.get(i);
                BlurChainProbe.Step b = momentum.get(i);
                out.printf(Locale.ROOT, "%5d %6d %7.2f %7.4f | %10.4f %10.3f | %10.4f %10.3f%n", i + 1, a.level(),
                        a.blurSigma(), a.noise(), a.x0Change(), a.residual(), b.x0Change(), b.residual());
            }
        }
        return 0;
    }

    private static int positive(String what, String text, int max) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer 1.." + max + ", got '" + text + "'");
        }
        if (v < 1 || v > max) throw new IllegalArgumentException(what + " must be 1.." + max + ", got " + v);
        return v;
    }
}
