package io.guidestream.sampler;

import io.guidestream.bus.SamplerStatus;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import java.util.List;

/** The registry's default versions as gateways see them in a {@link SamplerStatus}. */
final class ModelCatalog {
    private ModelCatalog() {
    }

    static List<SamplerStatus.ModelInfo> describe(ModelRegistry registry) {
        return registry.list().stream().map(ModelVersion::card).map(ModelCatalog::info).toList();
    }

    private static SamplerStatus.ModelInfo info(ModelCard c) {
        return new SamplerStatus.ModelInfo(c.name(), c.version(), c.role().name(), c.numClasses(),
                c.network().imageSize(), c.classifier(), c.description());
    }
}
