package io.guidestream.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.guidestream.nn.ClassifierConfig;
import io.guidestream.nn.UNetConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlopsTest {
    @Test
    void aOneLevelUNetIsCountedByHand() {
        // 1 level, 1 res block, base 4, 1×4×4 image, no attention, no classes: emb = 16.
        UNetConfig c = new UNetConfig(1, 4, 4, List.of(1), 1, 0, 2, false, 1);
        double mlp = 2 * 4 * 16 + 2 * 16 * 16;
        double convIn = 2.0 * 1 * 4 * 9 * 16;
        double res44 = 2 * (2.0 * 4 * 4 * 9 * 16) + 2 * 16 * 4;
        double res84 = 2.0 * 8 * 4 * 9 * 16 + 2.0 * 4 * 4 * 9 * 16 + 2 * 16 * 4 + 2.0 * 8 * 4 * 16;
        double convOut = 2.0 * 4 * 1 * 9 * 16;
        // down: res(4→4); middle: 2×res(4→4); up: 2×res(8→4) (skips: conv_in and the down block)
        assertEquals(mlp + convIn + res44 + 2 * res44 + 2 * res84 + convOut, Flops.unet(c), 1e-6);
    }

    @Test
    void aOneLevelClassifierIsCountedByHand() {
        ClassifierConfig c = new ClassifierConfig(1, 4, 4, List.of(1), 1, 3, 2, false);
        double mlp = 2 * 4 * 16 + 2 * 16 * 16;
        double convIn = 2.0 * 1 * 4 * 9 * 16;
        double res44 = 2 * (2.0 * 4 * 4 * 9 * 16) + 2 * 16 * 4;
        double head = 2.0 * 4 * 3;
        assertEquals(mlp + convIn + res44 + head, Flops.classifier(c), 1e-6);
    }
}
