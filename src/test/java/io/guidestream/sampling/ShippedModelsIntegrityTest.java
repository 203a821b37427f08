package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.Sha256;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shipped version's card records the SHA-256 of its weights, and the weights load: all finite, all there. */
class ShippedModelsIntegrityTest {
    @Test
    void everyShippedCardCarriesTheDigestOfItsWeightsAndLoads() throws Exception {
        ModelRegistry registry = new ModelRegistry(Path.of("models"));
        List<ModelVersion> shipped = registry.list();
        assertFalse(shipped.isEmpty(), "run from the project root");
        for (ModelVersion v : shipped) {
            assertEquals(Sha256.of(v.params()), v.card().paramsSha256(), v.name() + " v" + v.version());
            try (LoadedModel loaded = LoadedModel.load(v)) {
                assertEquals(v.version(), loaded.card().version());
            }
        }
    }
}
