package io.guidestream.app;

import io.guidestream.bus.PublishMode;
import io.guidestream.json.Json;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.registry.ModelVersion;
import io.guidestream.trainer.ModelPublisher;
import io.guidestream.training.TrainingSpec;
import io.guidestream.util.SourceRevision;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code publish <run> [--default [--allow-worse]]}: publishes {@code runs/<run>/} (final weights or latest
 * checkpoint) as a new version, and with {@code --default} as the default unless its held-out figures are worse.
 */
final class PublishCommand {
    private static final String USAGE = "usage: publish <run> [--default [--allow-worse]]   (a folder under runs/"
            + " holding spec.json and a checkpoint)";

    private PublishCommand() {
    }

    static int run(Invocation invocation) throws Exception {
        String[] args = invocation.args();
        List<String> flags = args.length < 2 ? List.of() : List.of(args).subList(2, args.length);
        boolean asDefault = flags.contains("--default");
        boolean allowWorse = flags.contains("--allow-worse");
        if (args.length < 2 || !List.of("--default", "--allow-worse").containsAll(flags) || allowWorse && !asDefault) {
            System.err.println(USAGE);
            return 2;
        }
        Path runDir = Path.of(invocation.config().trainer().runsDir()).resolve(args[1]);
        TrainingSpec spec = Json.read(runDir.resolve("spec.json"), TrainingSpec.class);
        ModelRegistry registry = new ModelRegistry(invocation.config().registry().path());
        TrainCommand.Dataset data = TrainCommand.Dataset.of(runDir, invocation.config().data().path());
        ModelPublisher publisher = new ModelPublisher(registry, data.test().get(), data.name(), data.source().get(),
                SourceRevision.get());
        System.out.println(describe(publisher.publish(spec, runDir,
                asDefault ? PublishMode.DEFAULT : PublishMode.VERSION, allowWorse)));
        return 0;
    }

    /** {@code published <name> v<N> <metrics>; <why it is or is not the default>}. */
    static String describe(ModelRegistry.Publication p) {
        ModelVersion v = p.version();
        return "published " + v.name() + " v" + v.version() + " " + v.card().metrics() + "; " + p.decision().reason();
    }
}
