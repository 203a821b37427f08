package io.guidestream.sampling;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.guidestream.nn.BlockConfig;
import io.guidestream.nn.ConvolutionCheck;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.nn.TorchScriptModule;
import io.guidestream.nn.UNetConfig;
import io.guidestream.nn.WrongConvolutionsException;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.util.FailureReason;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A registry version loaded for inference, owned by a model-lifetime manager (the first of the three lifetimes:
 * model, job, step): a network this project defines (its block, parameters frozen) or an imported TorchScript module,
 * both called through one {@link Network}.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelCard card;
    private final NDManager manager;
    private final Network network;
    private final @Nullable Block block;
    private final ParameterStore ps;
    private final long parameters;

    private LoadedModel(ModelCard card, NDManager manager, Network network, @Nullable Block block, ParameterStore ps,
            long parameters) {
        this.card = card;
        this.manager = manager;
        this.network = network;
        this.block = block;
        this.ps = ps;
        this.parameters = parameters;
    }

    /** Loads {@code version} onto the engine's default device (a GPU if it sees one, else the CPU). */
    public static LoadedModel load(ModelVersion version) throws IOException {
        return load(version, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads the weights of {@code version} onto {@code device}. Refused with an IOException that names the model, the
     * version and the folder: a weights file that is not the one published (its card's SHA-256), one that does not
     * fit the architecture or is no TorchScript, and weights that are not all finite (naming the parameter: NaN
     * weights would sample black images and report done). Everything a job computes with the model then lives on the
     * same device.
     */
    public static LoadedModel load(ModelVersion version, Device device) throws IOException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            version.checkParams();
            LoadedModel model = version.card().network() instanceof TorchScriptConfig ts
                    ? torchScript(version, ts, manager) : ownNetwork(version, (BlockConfig) version.card().network(),
                            manager);
            requireFinite(model.namedParameters());
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot load " + version.name() + " v" + version.version() + " from "
                    + version.dir() + ": " + FailureReason.of(e), e);
        }
    }

    private static LoadedModel ownNetwork(ModelVersion version, BlockConfig config, NDManager manager)
            throws IOException, MalformedModelException {
        Block block = config.newBlock();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(version.params())))) {
            block.loadParameters(manager, in);
        }
        block.freezeParameters(true);
        UNetConfig conditional = config instanceof UNetConfig u && u.conditional() ? u : null;
        ParameterStore ps = new ParameterStore(manager, false);
        return new LoadedModel(version.card(), manager, new BlockNetwork(block, ps, conditional), block, ps,
                BlockConfig.parameterCount(block));
    }

    private static LoadedModel torchScript(ModelVersion version, TorchScriptConfig config, NDManager manager)
            throws WrongConvolutionsException {
        ConvolutionCheck.Report kernels = ConvolutionCheck.plainConvolutions();
        if (!kernels.ok()) throw new WrongConvolutionsException(kernels.failures());
        TorchScriptModule module = TorchScriptModule.load(manager, version.params());
        boolean takesLabels = version.card().role() == ModelRole.EPSILON && config.numClasses() > 0;
        long count = module.parameters().stream().mapToLong(p -> p.getValue().size()).sum();
        return new LoadedModel(version.card(), manager, new TorchScriptNetwork(module, config, takesLabels), null,
                new ParameterStore(manager, false), count);
    }

    private List<Pair<String, NDArray>> namedParameters() {
        if (network instanceof TorchScriptNetwork ts) return ts.parameters();
        List<Pair<String, NDArray>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) out.add(new Pair<>(p.getKey(), p.getValue().getArray()));
        return out;
    }

    private static void requireFinite(List<Pair<String, NDArray>> parameters) throws NonFiniteParameterException {
        for (Pair<String, NDArray> p : parameters) {
            float[] values = p.getValue().toFloatArray();
            int bad = 0;
            for (float v : values) if (!Float.isFinite(v)) bad++;
            if (bad > 0) {
                throw new NonFiniteParameterException("parameter '" + p.getKey() + "' has " + bad
                        + " non-finite values (NaN or ±∞) of " + values.length);
            }
        }
    }

    public ModelCard card() {
        return card;
    }

    /** How the sampler, the classifier probe and the evaluator call the network. */
    public Network network() {
        return network;
    }

    /**
     * The DJL block of a network this project defines (feature extraction reads its further outputs).
     *
     * @throws IllegalStateException for an imported TorchScript network, which has none
     */
    public Block block() {
        if (block == null) {
            throw new IllegalStateException(card.name() + " is an imported TorchScript network, not one of this"
                    + " project's blocks");
        }
        return block;
    }

    /** The parameter store of {@link #block()}. */
    public ParameterStore parameterStore() {
        return ps;
    }

    /** Number of trainable scalars (a TorchScript module's parameters, not its buffers). */
    public long parameterCount() {
        return parameters;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
