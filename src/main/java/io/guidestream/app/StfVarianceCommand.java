package io.guidestream.app;

import io.guidestream.diffusion.BetaSchedule;
import io.guidestream.diffusion.NoiseSchedule;
import io.guidestream.training.FashionMnist;
import io.guidestream.training.LabelledImages;
import io.guidestream.training.TargetVariance;
import java.util.Locale;

/**
 * {@code stf-variance [pool] [queries]}: prints tr Cov[ε-target | x_t] per pixel for plain DSM and for STF with
 * several reference-batch sizes, at several timesteps (docs/EXPERIMENTS.md, the STF rows).
 */
final class StfVarianceCommand {
    private StfVarianceCommand() {
    }

    static int run(String[] args) {
        int poolSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int[] sizes = {128, 512, 2048};
        int draws = 16;
        LabelledImages pool = FashionMnist.load(TrainCommand.dataDir(), FashionMnist.Split.TRAIN).head(poolSize);
        TargetVariance tv = new TargetVariance(pool, NoiseSchedule.of(BetaSchedule.COSINE, 1000));
        System.out.printf(Locale.ROOT, "pool %d training images, %d queries per t, %d draws; cosine schedule%n",
                poolSize, queries, draws);
        System.out.printf(Locale.ROOT, "%6s %8s %12s %12s %12s %12s%n", "t", "SNR", "DSM", "STF n=128",
                "STF n=512", "STF n=2048");
        NoiseSchedule s = NoiseSchedule.of(BetaSchedule.COSINE, 1000);
        for (int t : new int[] {50, 150, 300, 450, 600, 750, 900}) {
            TargetVariance.Row row = tv.measure(t, queries, sizes, draws, 1);
            double snr = s.alphaBar(t) / (1 - s.alphaBar(t));
            System.out.printf(Locale.ROOT, "%6d %8.3g %12.5f %12.5f %12.5f %12.5f%n", t, snr, row.dsm(),
                    row.stf()[0], row.stf()[1], row.stf()[2]);
        }
        return 0;
    }
}
