package io.guidestream.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworksTest {
    /** Parameter counts of the shipped architectures, recorded so that an accidental change is noticed. */
    @Test
    void shippedArchitecturesHaveTheirRecordedSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(1_114_209, BlockConfig.parameterCount(UNetConfig.fashion(10).create(m)));
            assertEquals(1_112_801, BlockConfig.parameterCount(UNetConfig.fashion(0).create(m)));
            assertEquals(255_882, BlockConfig.parameterCount(ClassifierConfig.fashion().create(m)));
        }
    }

    @Test
    void unetMapsImagesToImagesAndDependsOnTimeAndLabel() {
        UNetConfig cfg = new UNetConfig(1, 28, 8, List.of(1, 2, 2), 1, 10, 4, true, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = cfg.create(m);
            randomise(net);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 1, 28, 28));
            NDArray a = forward(net, ps, x, m.create(new int[] {10, 10}), m.create(new int[] {1, 1}));
            assertArrayEquals(new long[] {2, 1, 28, 28}, a.getShape().getShape());
            NDArray b = forward(net, ps, x, m.create(new int[] {500, 500}), m.create(new int[] {1, 1}));
            NDArray c = forward(net, ps, x, m.create(new int[] {10, 10}), m.create(new int[] {7, 7}));
            assertNotEquals(0f, a.sub(b).abs().max().getFloat(), "output must depend on t");
            assertNotEquals(0f, a.sub(c).abs().max().getFloat(), "output must depend on the label");
        }
    }

    @Test
    void saveAndLoadRoundTripGivesIdenticalOutputs() throws Exception {
        for (BlockConfig cfg : List.<BlockConfig>of(new UNetConfig(1, 28, 8, List.of(1, 2), 1, 3, 4, true, 1),
                new ClassifierConfig(1, 28, 8, List.of(1, 2), 1, 10, 4, false))) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = cfg.create(m);
                randomise(net);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                net.saveParameters(new DataOutputStream(bytes));
                Block loaded = ((BlockConfig) Json.read(Json.write(cfg), NetworkConfig.class)).newBlock();
                loaded.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
                NDArray t = m.create(new int[] {1, 400, 999});
                NDArray y = m.create(new int[] {0, 1, 2});
                NDArray before = forward(net, new ParameterStore(m, false), x, t, y);
                NDArray after = forward(loaded, new ParameterStore(m, false), x, t, y);
                assertArrayEquals(before.toFloatArray(), after.toFloatArray(), cfg.getClass().getSimpleName());
            }
        }
    }

    @Test
    void classifierReturnsLogitsAndPooledFeatures() {
        ClassifierConfig cfg = new ClassifierConfig(1, 28, 8, List.of(1, 2), 1, 10, 4, false);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = cfg.create(m).forward(new ParameterStore(m, false),
                    new NDList(m.randomNormal(new Shape(5, 1, 28, 28)), m.create(new int[] {0, 1, 2, 3, 4})), false);
            assertArrayEquals(new long[] {5, 10}, out.get(0).getShape().getShape());
            assertArrayEquals(new long[] {5, cfg.featureDim()}, out.get(1).getShape().getShape());
        }
    }

    /** Zero-initialised output layers make a fresh net constant; give every parameter random values. */
    static void randomise(Block net) {
        net.getParameters().values().forEach(p -> {
            NDArray a = p.getArray();
            a.set(a.getManager().randomNormal(0, 0.2f, a.getShape(), a.getDataType()).toFloatArray());
        });
    }

    private static NDArray forward(Block net, ParameterStore ps, NDArray x, NDArray t, NDArray y) {
        return net.forward(ps, new NDList(x, t, y), false).get(0);
    }
}
