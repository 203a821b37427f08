package io.guidestream.sampling;

import io.guidestream.bus.ErrorCode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.UnknownModelException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks a sampler holds, loaded from the registry on first use and kept by name. Used from the sampler's
 * one thread only.
 */
public final class ModelStore implements AutoCloseable {
    private final ModelRegistry registry;
    private final Map<String, LoadedModel> loaded = new HashMap<>();

    public ModelStore(ModelRegistry registry) {
        this.registry = registry;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** The loaded default version of {@code name}, which must have one of the {@code roles}. */
    public LoadedModel get(String name, ModelRole... roles) {
        LoadedModel m = loaded.get(name);
        if (m == null) {
            ModelVersion v;
            try {
                v = registry.require(name);
            } catch (UnknownModelException e) {
                throw new SamplingException(ErrorCode.UNKNOWN_MODEL, e.getMessage());
            }
            try {
                m = LoadedModel.load(v);
            } catch (IOException e) {
                throw new SamplingException(ErrorCode.INTERNAL, e.getMessage());
            }
            loaded.put(name, m);
        }
        for (ModelRole r : roles) if (m.card().role() == r) return m;
        throw new SamplingException(ErrorCode.BAD_REQUEST, "model '" + name + "' is a " + m.card().role()
                + " model; expected " + List.of(roles));
    }

    public List<LoadedModel> loadedModels() {
        return new ArrayList<>(loaded.values());
    }

    /** Drops {@code name} so that the next use loads the registry's current default version. */
    public void evict(String name) {
        LoadedModel m = loaded.remove(name);
        if (m != null) m.close();
    }

    @Override
    public void close() {
        loaded.values().forEach(LoadedModel::close);
        loaded.clear();
    }
}
