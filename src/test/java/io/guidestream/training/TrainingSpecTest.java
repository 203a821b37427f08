package io.guidestream.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.guidestream.json.Json;
import org.junit.jupiter.api.Test;

/** The spec's JSON form: files written before STF existed must keep loading. */
class TrainingSpecTest {
    /** runs/fashion-cond/spec.json as written before {@code stfReference} existed. */
    private static final String OLD_SPEC = """
            {"model":"fashion-cond","objective":"EPS","network":{"type":"unet","imageChannels":1,"imageSize":28,
            "baseChannels":32,"channelMult":[1,2,2],"numResBlocks":1,"numClasses":10,"groups":8,"attention":true,
            "outChannels":1},"schedule":"COSINE","diffusionSteps":1000,"steps":10000,"batch":128,
            "learningRate":5.0E-4,"warmupSteps":200,"annealLr":false,"weightDecay":0.0,"emaDecay":0.999,"seed":1,
            "checkpointEvery":250,"logEvery":50,"labelDropout":0.0,"ectGamma":0.0}""";

    @Test
    void aSpecWithoutStfReferenceStillLoads() throws Exception {
        TrainingSpec spec = Json.read(OLD_SPEC, TrainingSpec.class);
        assertEquals(0, spec.stfReference());
        assertEquals(TrainingSpec.denoiser("fashion-cond", 10, 10000), spec);
        assertThrows(Exception.class, () -> Json.read(OLD_SPEC.replace("\"seed\":1,", ""), TrainingSpec.class),
                "the other fields stay required");
    }

    @Test
    void newObjectivesRoundTrip() throws Exception {
        for (TrainingSpec spec : new TrainingSpec[] {TrainingSpec.stf("s", 10, 100), TrainingSpec.soft("b", 0, 50)}) {
            assertEquals(spec, Json.read(Json.write(spec), TrainingSpec.class));
        }
        assertEquals(TrainingSpec.DEFAULT_STF_REFERENCE, TrainingSpec.stf("s", 10, 100).stfReference());
        assertEquals(7, TrainingSpec.stf("s", 10, 100).withSteps(7).steps());
        assertEquals(1024, TrainingSpec.stf("s", 10, 100).withSteps(7).stfReference());
    }

    @Test
    void stfReferenceIsValidated() {
        TrainingSpec stf = TrainingSpec.stf("s", 10, 100);
        assertThrows(IllegalArgumentException.class, () -> copy(stf, ObjectiveKind.STF, stf.batch() - 1),
                "references must cover the minibatch");
        assertThrows(IllegalArgumentException.class, () -> copy(stf, ObjectiveKind.STF,
                TrainingSpec.MAX_STF_REFERENCE + 1));
        assertThrows(IllegalArgumentException.class, () -> copy(stf, ObjectiveKind.EPS, 256), "EPS takes none");
        assertEquals(stf.batch(), copy(stf, ObjectiveKind.STF, stf.batch()).stfReference());
    }

    private static TrainingSpec copy(TrainingSpec s, ObjectiveKind objective, int reference) {
        return new TrainingSpec(s.model(), objective, s.network(), s.schedule(), s.diffusionSteps(), s.steps(),
                s.batch(), s.learningRate(), s.warmupSteps(), s.annealLr(), s.weightDecay(), s.emaDecay(), s.seed(),
                s.checkpointEvery(), s.logEvery(), s.labelDropout(), s.ectGamma(), reference);
    }
}
