package io.guidestream.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stored results keep the flat guidance shape they were written in, whatever shape the settings have in memory: the
 * key of every shipped result is still the SHA-1 of its config, and the JSON names the same fields.
 */
class StoredGuidanceTest {

    @Test
    void everyShippedResultStillHasTheKeyOfItsConfig() throws IOException {
        List<Path> results;
        try (Stream<Path> files = Files.find(Path.of("models"), 4,
                (p, a) -> p.toString().matches(".*/eval/[0-9a-f]{40}\\.json"))) {
            results = files.sorted().toList();
        }
        assertFalse(results.isEmpty(), "the registry ships evaluations");
        for (Path file : results) {
            EvalResult r = Json.read(file, EvalResult.class);
            assertEquals(file.getFileName().toString().replace(".json", ""), r.config().key(), file.toString());
        }
    }

    @Test
    void theStoredShapeIsFlat() throws IOException {
        GenerateCommand.GuidanceSettings g = GenerateCommand.GuidanceSettings.tail(2).withClassifier("clf")
                .withTail(1.5, 0.4, 0.1).withX0Lambda(0.25).withEntropyFloor(0.2);
        assertEquals(Json.MAPPER.readTree("{\"method\":\"TAIL\",\"scale\":2.0,\"classifier\":\"clf\",\"tailScale\":1.5,"
                + "\"tailTau\":0.4,\"tailTMin\":0.1,\"x0Lambda\":0.25,\"entropyFloor\":0.2}"),
                Json.MAPPER.valueToTree(StoredGuidance.of(g)));
    }
}
