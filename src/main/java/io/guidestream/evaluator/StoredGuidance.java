package io.guidestream.evaluator;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.GuidanceMethod;
import org.jspecify.annotations.Nullable;

/**
 * The guidance settings as a stored evaluation names them: flat, in the shape results were stored in before the
 * settings were nested like the wire's {@code tail} and {@code x0} objects. A result's key is the SHA-1 of its
 * config's JSON, and {@code metrics.json} is read back strictly, so this shape is kept: the shipped results keep their
 * keys, a rerun of the same config still replaces its own result, and the web app reads {@code tailScale} and
 * {@code x0Lambda} from it.
 */
public record StoredGuidance(GuidanceMethod method, double scale, @Nullable String classifier, double tailScale,
        double tailTau, double tailTMin, double x0Lambda, double entropyFloor) {

    public static StoredGuidance of(GenerateCommand.GuidanceSettings g) {
        return new StoredGuidance(g.method(), g.scale(), g.classifier(), g.tail().scale(), g.tail().tau(),
                g.tail().tMin(), g.x0().lambda(), g.entropyFloor());
    }
}
