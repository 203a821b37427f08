package io.guidestream.sampling;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.guidestream.bus.ErrorCode;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.UnknownModelException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The networks a sampler holds, loaded from the registry on first use and kept by name. When a new version is
 * published, {@link #reload} loads it for new jobs and retires the old one, which is closed by
 * {@link #releaseUnused} once no trajectory uses it. Used from the sampler's one thread only.
 */
public final class ModelStore implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ModelStore.class.getName());
    private final ModelRegistry registry;
    private final Device device;
    private final Map<String, LoadedModel> loaded = new HashMap<>();
    private final List<LoadedModel> retired = new ArrayList<>();

    /** A store that loads onto the engine's default device (a GPU if it sees one, else the CPU). */
    public ModelStore(ModelRegistry registry) {
        this(registry, Engine.getInstance().defaultDevice());
    }

    /** A store that loads every model onto {@code device} (the sampler's, from {@code sampler.device}). */
    public ModelStore(ModelRegistry registry, Device device) {
        this.registry = registry;
        this.device = device;
    }

    public Device device() {
        return device;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** The loaded default version of {@code name}, which must have one of the {@code roles}. */
    public LoadedModel get(String name, ModelRole... roles) {
        LoadedModel m = loaded.get(name);
        if (m == null) {
            m = loadNewestWorking(name);
            loaded.put(name, m);
        }
        for (ModelRole r : roles) if (m.card().role() == r) return m;
        throw new SamplingException(ErrorCode.BAD_REQUEST, "model '" + name + "' is a " + m.card().role()
                + " model; expected " + List.of(roles));
    }

    /**
     * The default version, or, if its files are damaged, the newest older version that loads: a corrupted
     * parameter file must not take a model out of service. Fails only when no version loads.
     */
    private LoadedModel loadNewestWorking(String name) {
        ModelVersion def;
        try {
            def = registry.require(name);
        } catch (UnknownModelException e) {
            throw new SamplingException(ErrorCode.UNKNOWN_MODEL, e.getMessage());
        }
        IOException first = null;
        List<Integer> versions = new ArrayList<>(registry.index().models().get(name).versions());
        versions.removeIf(v -> v > def.version());
        versions.sort(java.util.Comparator.reverseOrder());
        for (int version : versions) {
            var candidate = version == def.version() ? java.util.Optional.of(def) : registry.find(name, version);
            if (candidate.isEmpty()) continue;
            try {
                LoadedModel m = LoadedModel.load(candidate.get(), device);
                if (first != null) {
                    LOG.warning("serving " + name + " v" + version + " because the default v" + def.version()
                            + " does not load: " + first.getMessage());
                }
                return m;
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        throw new SamplingException(ErrorCode.INTERNAL, first == null ? "no loadable version of " + name
                : first.getMessage());
    }

    /** The card of the version this store serves for {@code name}, if it has loaded one. */
    public Optional<ModelCard> serving(String name) {
        return Optional.ofNullable(loaded.get(name)).map(LoadedModel::card);
    }

    public List<LoadedModel> loadedModels() {
        return new ArrayList<>(loaded.values());
    }

    /**
     * Loads the registry's current default of {@code name} if this store holds an older one (new jobs get it);
     * the old version is retired. Returns whether a new version was loaded.
     */
    public boolean reload(String name) {
        LoadedModel old = loaded.get(name);
        if (old == null) return false;
        var current = registry.find(name);
        if (current.isEmpty() || current.get().version() == old.card().version()) return false;
        try {
            loaded.put(name, LoadedModel.load(current.get(), device));
        } catch (IOException e) {
            // The old version keeps serving rather than nothing.
            throw new SamplingException(ErrorCode.INTERNAL, e.getMessage());
        }
        retired.add(old);
        return true;
    }

    /** Closes retired versions that no live trajectory uses any more. */
    public void releaseUnused(java.util.Set<LoadedModel> inUse) {
        retired.removeIf(m -> {
            if (inUse.contains(m)) return false;
            m.close();
            return true;
        });
    }

    public int retiredCount() {
        return retired.size();
    }

    @Override
    public void close() {
        loaded.values().forEach(LoadedModel::close);
        loaded.clear();
        retired.forEach(LoadedModel::close);
        retired.clear();
    }
}
