package io.guidestream.sampler;

import io.guidestream.bus.SamplerStatus;
import io.guidestream.nn.TorchScriptConfig;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.sampling.ModelStore;
import java.util.List;

/** The models a sampler serves, as gateways see them in a {@link SamplerStatus}. */
final class ModelCatalog {
    private ModelCatalog() {
    }

    /** The registry's default versions (read from disk: at start and when a version is published). */
    static List<ModelCard> defaults(ModelRegistry registry) {
        return registry.list().stream().map(ModelVersion::card).toList();
    }

    /**
     * Each default as advertised: the version the store actually serves where it has loaded one, which is an older
     * version when the default's files are damaged (advertising the default then would promise what nobody gets).
     */
    static List<SamplerStatus.ModelInfo> describe(List<ModelCard> defaults, ModelStore store) {
        return defaults.stream().map(c -> store.serving(c.name()).orElse(c)).map(ModelCatalog::info).toList();
    }

    private static SamplerStatus.ModelInfo info(ModelCard c) {
        return new SamplerStatus.ModelInfo(c.name(), c.version(), c.role().name(), c.numClasses(),
                c.network().imageSize(), c.classifier(), c.description(), c.network().imageChannels(),
                c.network() instanceof TorchScriptConfig ? "torchscript" : "djl");
    }
}
