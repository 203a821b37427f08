package io.guidestream.registry;

import io.guidestream.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The model registry over a folder ({@code models/}, a shared volume in Kubernetes). Versions are immutable folders
 * {@code name/N/}; the folders are the truth and {@code registry.json} records which version is the default.
 *
 * <p>Publishing writes a complete version into {@code .staging/}, then renames it into place, then rewrites
 * {@code registry.json} by rename: a crash at any point leaves either no new version or a whole one, and never a
 * damaged index (a lost or corrupt index is rebuilt from the folders, defaulting to the newest version). A file lock
 * serialises publishers across processes sharing the folder.
 */
public final class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class.getName());
    public static final String INDEX = "registry.json";
    private static final java.util.concurrent.ConcurrentMap<Path, Object> JVM_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final String STAGING = ".staging";

    private final Path root;
    private final List<Consumer<ModelVersion>> listeners = new CopyOnWriteArrayList<>();

    public ModelRegistry(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model registry folder " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** Called after every publish (on the publishing thread), e.g. to announce {@code registry.published}. */
    public void addListener(Consumer<ModelVersion> listener) {
        listeners.add(listener);
    }

    /** The current index: versions found on disk, defaults from {@code registry.json} where valid. */
    public synchronized RegistryIndex index() {
        Map<String, List<Integer>> found = scan();
        Map<String, Integer> defaults = readDefaults();
        Map<String, RegistryIndex.Entry> entries = new TreeMap<>();
        found.forEach((name, versions) -> {
            Integer d = defaults.get(name);
            int def = d != null && versions.contains(d) ? d : versions.get(versions.size() - 1);
            entries.put(name, new RegistryIndex.Entry(def, versions));
        });
        return new RegistryIndex(RegistryIndex.FORMAT, entries);
    }

    /** The default version of every model. */
    public List<ModelVersion> list() {
        List<ModelVersion> out = new ArrayList<>();
        index().models().forEach((name, e) -> find(name, e.defaultVersion()).ifPresent(out::add));
        return out;
    }

    public Optional<ModelVersion> find(String name) {
        RegistryIndex.Entry e = index().models().get(name);
        return e == null ? Optional.empty() : find(name, e.defaultVersion());
    }

    public Optional<ModelVersion> find(String name, int version) {
        if (!validName(name)) return Optional.empty();
        Path dir = root.resolve(name).resolve(Integer.toString(version));
        try {
            if (!Files.isRegularFile(dir.resolve(ModelVersion.PARAMS))) return Optional.empty();
            ModelCard card = Json.read(dir.resolve(ModelVersion.CARD), ModelCard.class);
            return Optional.of(new ModelVersion(card, dir));
        } catch (IOException e) {
            LOG.warning("skipping unreadable model version " + dir + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The default version of {@code name}, or an {@link UnknownModelException} listing what exists. */
    public ModelVersion require(String name) {
        return find(name).orElseThrow(() -> new UnknownModelException("unknown model '" + name + "'; known: "
                + String.join(", ", index().models().keySet())));
    }

    /** A published version and whether it became the default, and why. */
    public record Publication(ModelVersion version, DefaultRule.Decision decision) {
    }

    /** Publishes a new version; {@code makeDefault}: whether it becomes the default (a first version always does). */
    public ModelVersion publish(ModelCard draft, Map<String, Path> files, boolean makeDefault) throws IOException {
        return publish(draft, files, makeDefault ? DefaultRule.ALWAYS : DefaultRule.NEVER).version();
    }

    /**
     * Publishes a new immutable version of {@code draft.name()}: copies {@code files} (target file name → source),
     * writes the card with the assigned version, and renames the folder into place. {@code rule} decides, against the
     * default of that moment, whether the new version becomes the default; a model's first version always does.
     */
    public Publication publish(ModelCard draft, Map<String, Path> files, DefaultRule rule) throws IOException {
        if (!validName(draft.name())) throw new IllegalArgumentException("invalid model name '" + draft.name() + "'");
        if (!files.containsKey(ModelVersion.PARAMS)) throw new IllegalArgumentException("a version needs model.params");
        Publication published = locked(() -> {
            Path staging = Files.createDirectories(root.resolve(STAGING));
            // Under the lock nobody else is staging: whatever is here, a publisher that crashed left behind.
            deleteContents(staging);
            Path tmp = readableByAll(Files.createTempDirectory(staging, draft.name() + "-"));
            List<Integer> existing = scan().getOrDefault(draft.name(), List.of());
            int version = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
            for (Map.Entry<String, Path> f : files.entrySet()) {
                Files.copy(f.getValue(), tmp.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
            // The digest of the copy that is published: whatever damages it later, loading will notice.
            ModelCard card = draft.published(version, Sha256.of(tmp.resolve(ModelVersion.PARAMS)));
            Files.writeString(tmp.resolve(ModelVersion.CARD), Json.write(card));
            Optional<ModelVersion> current = find(card.name());
            DefaultRule.Decision decision = current.isEmpty() ? DefaultRule.Decision.first(card)
                    : rule.decide(card, current.get().card());
            // Read before the new folder exists: a default that registry.json does not record is the newest version.
            Map<String, Integer> defaults = currentDefaults();
            Path target = root.resolve(card.name()).resolve(Integer.toString(version));
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (decision.makeDefault()) defaults.put(card.name(), version);
            writeDefaults(defaults);
            return new Publication(new ModelVersion(card, target), decision);
        });
        for (Consumer<ModelVersion> l : listeners) l.accept(published.version());
        return published;
    }

    public void setDefault(String name, int version) throws IOException {
        locked(() -> {
            if (find(name, version).isEmpty()) {
                throw new UnknownModelException("no version " + version + " of " + name);
            }
            Map<String, Integer> defaults = currentDefaults();
            defaults.put(name, version);
            writeDefaults(defaults);
            return null;
        });
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs a read-modify-write of the registry under two locks: one per registry folder in this JVM (every
     * {@code ModelRegistry} instance over the same folder shares it; Java file locks are per process and throw when
     * one JVM locks a file twice) and the {@code .lock} file for other processes (a CLI publish beside the server).
     */
    private <T> T locked(IoAction<T> action) throws IOException {
        Object jvmLock = JVM_LOCKS.computeIfAbsent(root.toAbsolutePath().normalize(), k -> new Object());
        synchronized (jvmLock) {
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                return action.run();
            }
        }
    }

    private Map<String, Integer> currentDefaults() {
        Map<String, Integer> d = new TreeMap<>();
        index().models().forEach((n, e) -> d.put(n, e.defaultVersion()));
        return d;
    }

    private Map<String, List<Integer>> scan() {
        Map<String, List<Integer>> out = new TreeMap<>();
        try (Stream<Path> names = Files.list(root)) {
            for (Path nameDir : names.filter(Files::isDirectory).toList()) {
                String name = nameDir.getFileName().toString();
                if (!validName(name)) continue;
                List<Integer> versions = versionsIn(nameDir);
                if (!versions.isEmpty()) out.put(name, versions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model registry " + root, e);
        }
        return out;
    }

    private static List<Integer> versionsIn(Path nameDir) throws IOException {
        try (Stream<Path> vs = Files.list(nameDir)) {
            return vs.filter(p -> p.getFileName().toString().matches("[1-9][0-9]{0,8}"))
                    .filter(p -> Files.isRegularFile(p.resolve(ModelVersion.CARD))
                            && Files.isRegularFile(p.resolve(ModelVersion.PARAMS)))
                    .map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        }
    }

    private Map<String, Integer> readDefaults() {
        Path file = root.resolve(INDEX);
        if (!Files.exists(file)) return Map.of();
        try {
            RegistryIndex idx = Json.read(file, RegistryIndex.class);
            Map<String, Integer> d = new TreeMap<>();
            idx.models().forEach((n, e) -> d.put(n, e.defaultVersion()));
            return d;
        } catch (IOException e) {
            LOG.warning(file + " is unreadable (" + e.getMessage() + "); defaults fall back to the newest versions");
            return Map.of();
        }
    }

    private void writeDefaults(Map<String, Integer> defaults) throws IOException {
        Map<String, RegistryIndex.Entry> entries = new TreeMap<>();
        scan().forEach((name, versions) -> entries.put(name,
                new RegistryIndex.Entry(defaults.getOrDefault(name, versions.get(versions.size() - 1)), versions)));
        Path tmp = root.resolve(INDEX + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(tmp, Json.write(new RegistryIndex(RegistryIndex.FORMAT, entries)));
        Files.move(tmp, root.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * {@code createTempDirectory} makes a folder only its owner can read; a version folder must be readable by the
     * samplers, which may run as another user on the shared volume. (Nothing to do where the file system is not POSIX.)
     */
    private static Path readableByAll(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) Files.delete(p);
            }
        }
    }

    static boolean validName(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9-]{0,63}");
    }

    /** Whether {@code name} is a registry name: {@code [a-z0-9][a-z0-9-]{0,63}}, which is also a folder name. */
    public static boolean isValidName(String name) {
        return validName(name);
    }

    /** ISO-8601 now, for cards. */
    public static String now() {
        return Instant.now().toString();
    }
}
