package io.guidestream.sampling;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelVersion;
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
     * Loads the weights of {@code version} onto {@code device}; a damaged parameter file gives an IOException naming
     * the folder. Everything a job computes with the model then lives on the same device (the engine's managers).
     */
    public static LoadedModel load(ModelVersion version, Device device) throws IOException {
        NDManager manager = NDManager.newBaseManager(device);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(version.params())))) {
            Block block = version.card().network().newBlock();
            block.loadParameters(manager, in);
            block.freezeParameters(true);
            return new LoadedModel(version.card(), manager, block);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot load " + version.name() + " v" + version.version() + " from "
                    + version.dir() + ": " + e.getMessage(), e);
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
