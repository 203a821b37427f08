package io.guidestream.sampling;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelVersion;
import io.guidestream.util.FailureReason;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;

/**
 * A registry version loaded for inference: its block with frozen parameters, owned by a model-lifetime manager
 * (the first of the three lifetimes: model, job, step).
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelCard card;
    private final NDManager manager;
    private final Block block;
    private final ParameterStore ps;

    private LoadedModel(ModelCard card, NDManager manager, Block block) {
        this.card = card;
        this.manager = manager;
        this.block = block;
        this.ps = new ParameterStore(manager, false);
    }

    /** Loads {@code version} onto the engine's default device (a GPU if it sees one, else the CPU). */
    public static LoadedModel load(ModelVersion version) throws IOException {
        return load(version, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads the weights of {@code version} onto {@code device}. Refused with an IOException that names the model, the
     * version and the folder: a parameter file that is not the one published (its card's SHA-256), one that does not
     * fit the architecture, and weights that are not all finite (naming the parameter: NaN weights would sample black
     * images and report done). Everything a job computes with the model then lives on the same device.
     */
    public static LoadedModel load(ModelVersion version, Device device) throws IOException {
        NDManager manager = NDManager.newBaseManager(device);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(version.params())))) {
            version.checkParams();
            Block block = version.card().network().newBlock();
            block.loadParameters(manager, in);
            requireFinite(block);
            block.freezeParameters(true);
            return new LoadedModel(version.card(), manager, block);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot load " + version.name() + " v" + version.version() + " from "
                    + version.dir() + ": " + FailureReason.of(e), e);
        }
    }

    private static void requireFinite(Block block) throws IOException {
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] values = p.getValue().getArray().toFloatArray();
            int bad = 0;
            for (float v : values) if (!Float.isFinite(v)) bad++;
            if (bad > 0) {
                throw new IOException("parameter '" + p.getKey() + "' has " + bad + " non-finite values (NaN or ±∞)"
                        + " of " + values.length);
            }
        }
    }

    public ModelCard card() {
        return card;
    }

    public Block block() {
        return block;
    }

    public ParameterStore parameterStore() {
        return ps;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
