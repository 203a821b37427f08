package io.guidestream.app;

import io.guidestream.data.FashionMnist;
import io.guidestream.data.LabelledImages;
import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.training.TargetVariance;
import java.util.Locale;

/**
 * {@code stf-variance [pool] [queries]}: prints tr Cov[ε-target | x_t] per pixel for plain DSM and for STF with
 * several reference-batch sizes, at several timesteps (docs/EXPERIMENTS.md, the STF rows).
 */
final class StfVarianceCommand {
    private StfVarianceCommand() {
    }

    static int run(Invocation invocation) {
        String[] args = invocation.args();
        int poolSize = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int[] sizes = {128, 512, 2048};
        int draws = 16;
        LabelledImages pool = FashionMnist.load(invocation.config().data().path(), FashionMnist.Split.TRAIN).head(poolSize);
        TargetVariance tv = new TargetVariance(pool, NoiseSchedule.of(BetaSchedule.COSINE, 1000));
        System.out.printf(Locale.ROOT, "pool %d training images, %d queries per t, %d draws; cosine schedule%n",
                poolSize, queries, draws);
        System.out.printf(Locale.ROOT, "%6s %8s %12s %12s %12s %12s %12s%n", "t", "SNR", "DSM", "STF n=128",
                "STF n=512", "STF n=2048", "DSM/n=2048");
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
        // Below t ≈ 500 the posterior over 60,000 images is a point mass on the source (every target variance is 0).
        for (int t : new int[] {300, 500, 600, 650, 700, 750, 800, 850, 900, 950, 990}) {
            TargetVariance.Row row = tv.measure(t, queries, sizes, draws, 1);
            double snr = s.alphaBar(t) / (1 - s.alphaBar(t));
            // Where the DSM target is already (numerically) fixed, a ratio of round-off says nothing.
            String ratio = row.dsm() < 1e-6 ? "-" : String.format(Locale.ROOT, "%.1f", row.dsm() / row.stf()[2]);
            System.out.printf(Locale.ROOT, "%6d %8.3g %12.3e %12.3e %12.3e %12.3e %12s%n", t, snr, row.dsm(),
                    row.stf()[0], row.stf()[1], row.stf()[2], ratio);
        }
        return 0;
    }
}
