package io.guidestream.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.guidestream.nn.GradMode;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.ClassifierProbe;
import io.guidestream.sampling.LoadedModel;
import io.guidestream.sampling.ModelStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Hands the shipped U-Net and classifier to the Python peer ({@code perf/peer/peer.py}): each model's parameters as
 * named float32 arrays, loaded through the service's own {@link ModelStore}, and a reference computed by the service's
 * own code for a parity check (ε of the U-Net, the classifier's logits, and ∇_x log p(y | x_t) from the
 * {@link ClassifierProbe}).
 *
 * <p>Format, one pair of files per set of arrays: {@code NAME.json} {"network": the card's network config (models
 * only), "tensors": [{"name", "shape", "offset"}]} and {@code NAME.bin}, the arrays as little-endian float32, one after
 * the other ({@code offset} counts floats).
 */
final class PeerExport {
    /** The reference batch: timesteps across the schedule, and labels including −1, the U-Net's null class. */
    static final int[] T = {10, 250, 500, 999};
    static final int[] UNET_LABELS = {0, 3, 7, -1};
    static final int[] CLASSIFIER_LABELS = {0, 3, 7, 9};

    private PeerExport() {
    }

    /** Writes {@code unet.*}, {@code classifier.*} and {@code reference.*} into {@code dir}. */
    static void export(ModelStore store, String unetName, String classifierName, Path dir) throws IOException {
        LoadedModel unet = store.get(unetName, ModelRole.EPSILON);
        LoadedModel clf = store.get(classifierName, ModelRole.CLASSIFIER);
        writeModel(store.registry().require(unetName), unet, dir.resolve("unet"));
        writeModel(store.registry().require(classifierName), clf, dir.resolve("classifier"));

        GradMode.disableOnThisThread();
        Random random = new Random(24);
        float[] x = new float[T.length * 28 * 28];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        try (NDManager scope = NDManager.newBaseManager(store.device())) {
            NDArray input = scope.create(x, new Shape(T.length, 1, 28, 28));
            Map<String, NDArray> ref = new LinkedHashMap<>();
            ref.put("x", input);
            ref.put("t", scope.create(T).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            ref.put("unet_labels", scope.create(UNET_LABELS).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            ref.put("classifier_labels",
                    scope.create(CLASSIFIER_LABELS).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            ref.put("eps", unet.network().forward(scope, input, T, UNET_LABELS));
            ref.put("logits", clf.network().forward(scope, input, T, null));
            ref.put("grad_log_py", new ClassifierProbe(clf.network()).read(scope, input, T, CLASSIFIER_LABELS, false)
                    .gradLogPy());
            write(dir.resolve("reference"), null, ref);
        }
    }

    private static void writeModel(ModelVersion version, LoadedModel model, Path base) throws IOException {
        JsonObject card = new JsonObject(Files.readString(version.dir().resolve(ModelVersion.CARD)));
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.block().getParameters()) params.put(p.getKey(), p.getValue().getArray());
        write(base, card.getJsonObject("network"), params);
    }

    private static void write(Path base, JsonObject network, Map<String, NDArray> arrays) throws IOException {
        JsonArray index = new JsonArray();
        long total = 0;
        for (var e : arrays.entrySet()) {
            index.add(new JsonObject().put("name", e.getKey()).put("shape", new JsonArray(
                    java.util.Arrays.stream(e.getValue().getShape().getShape()).boxed().toList())).put("offset", total));
            total += e.getValue().size();
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(total * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (NDArray a : arrays.values()) for (float v : a.toFloatArray()) buf.putFloat(v);
        JsonObject json = new JsonObject().put("tensors", index);
        if (network != null) json.put("network", network);
        Files.writeString(Path.of(base + ".json"), json.encodePrettily());
        Files.write(Path.of(base + ".bin"), buf.array());
    }
}
