package io.guidestream.torchscript;

import ai.djl.Device;
import io.guidestream.bus.PublishMode;
import io.guidestream.nn.GradMode;
import io.guidestream.nn.WrongConvolutionsException;
import io.guidestream.registry.DefaultRule;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelRole;
import io.guidestream.registry.ModelVersion;
import io.guidestream.registry.Sha256;
import io.guidestream.sampling.JobPlan;
import io.guidestream.sampling.LoadedModel;
import io.guidestream.sampling.NonFiniteParameterException;
import io.guidestream.sampling.SamplingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Imports a TorchScript file into the registry as a new version (docs/MODELS.md): checks the card against the
 * registry, the file's digest and structure, loads it with the sampler's own loader (on the CPU), runs it as the sampler
 * will ({@link ForwardChecks}), and only then publishes it, atomically. Any refusal is an
 * {@link ImportRefusedException} naming its {@link ImportProblem}, and leaves the registry as it was. The CLI
 * {@code import} command and the registry verticle (REST upload) both run it; it blocks, so never on an event loop.
 */
public final class ModelImport {
    /** What an imported card records as the revision of the code that made the weights: none of this project's. */
    public static final String SOURCE = "imported";
    private final ModelRegistry registry;

    public ModelImport(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param file the TorchScript archive (read, never moved or changed)
     * @param mode {@link PublishMode#DEFAULT}: the new version becomes the default (a model's first version always
     *             does)
     */
    public ModelRegistry.Publication run(String name, Path file, ImportCard card, PublishMode mode)
            throws IOException {
        GradMode.disableOnThisThread();
        ModelCard draft = card.draft(name, 0, SOURCE);
        requireFitsRegistry(draft);
        if (card.sha256() != null) requireDigest(file, card.sha256());
        ArchiveCheck.check(file);
        long parameters = validate(draft, file);
        return registry.publish(card.draft(name, parameters, SOURCE), Map.of(ModelVersion.PARAMS, file),
                mode == PublishMode.DEFAULT ? DefaultRule.ALWAYS : DefaultRule.NEVER);
    }

    /** Loads the file as the sampler would, runs the forward checks; returns its parameter count. */
    private long validate(ModelCard draft, Path file) throws IOException {
        Path staged = Files.createTempDirectory("guidestream-import-");
        try {
            Files.copy(file, staged.resolve(ModelVersion.PARAMS), StandardCopyOption.REPLACE_EXISTING);
            try (LoadedModel model = load(new ModelVersion(draft, staged))) {
                ForwardChecks.run(model);
                return model.parameterCount();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(staged)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static LoadedModel load(ModelVersion staged) {
        try {
            return LoadedModel.load(staged, Device.cpu());
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WrongConvolutionsException host) {
                throw new ImportRefusedException(ImportProblem.WRONG_CONVOLUTIONS, host.getMessage());
            }
            if (cause instanceof NonFiniteParameterException bad) {
                throw new ImportRefusedException(ImportProblem.NON_FINITE_WEIGHTS, "the file's weights are not all"
                        + " finite: " + bad.getMessage());
            }
            throw new ImportRefusedException(ImportProblem.NOT_TORCHSCRIPT, "PyTorch cannot load the file as"
                    + " TorchScript: " + TorchMessage.of(cause == null ? e : cause) + ". Export it with"
                    + " torch.jit.trace or torch.jit.script and save that");
        }
    }

    private static void requireDigest(Path file, String declared) throws IOException {
        String actual = Sha256.of(file);
        if (!actual.equalsIgnoreCase(declared)) {
            throw new ImportRefusedException(ImportProblem.DIGEST_MISMATCH, "the file's SHA-256 is " + actual + " ("
                    + Files.size(file) + " bytes), the card's sha256 says " + declared.toLowerCase(java.util.Locale.ROOT)
                    + ": it was damaged or cut short on the way");
        }
    }

    /**
     * A new version keeps what the name's users rely on: its role, image shape, value range, classes and timesteps;
     * a default classifier must exist, be a classifier and read the model's images.
     */
    private void requireFitsRegistry(ModelCard draft) {
        Optional<ModelVersion> current = registry.find(draft.name());
        if (current.isPresent()) {
            ModelCard c = current.get().card();
            String was = describe(c);
            if (!was.equals(describe(draft))) {
                throw new ImportRefusedException(ImportProblem.REGISTRY_CONFLICT, draft.name() + " v" + c.version()
                        + " is " + was + "; a new version must be the same kind, but the card describes "
                        + describe(draft) + ". Import it under another name");
            }
        }
        if (draft.classifier() == null) return;
        ModelVersion clf = registry.find(draft.classifier()).orElseThrow(() -> invalid("classifier '"
                + draft.classifier() + "' is not in the registry"));
        if (clf.card().role() != ModelRole.CLASSIFIER) {
            throw invalid("classifier '" + draft.classifier() + "' is a " + clf.card().role() + " model");
        }
        try {
            JobPlan.requireCompatibleClassifier(draft, clf.card());
        } catch (SamplingException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String describe(ModelCard c) {
        return "a " + c.role() + " model of " + c.network().imageShape() + " images in " + c.network().valueRange()
                .wire() + " with " + c.numClasses() + " classes over " + c.diffusionSteps() + " timesteps";
    }

    private static ImportRefusedException invalid(String detail) {
        return new ImportRefusedException(ImportProblem.INVALID_CARD, "the card is not valid: " + detail);
    }
}
