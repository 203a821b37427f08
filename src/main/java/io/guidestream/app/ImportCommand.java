package io.guidestream.app;

import io.guidestream.bus.PublishMode;
import io.guidestream.registry.ModelRegistry;
import io.guidestream.torchscript.ImportCard;
import io.guidestream.torchscript.ImportRefusedException;
import io.guidestream.torchscript.ModelImport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code import <name> <file.pt> --card CARD.json [--default] [--models DIR]}: imports a TorchScript ε-network or
 * noise-aware classifier into the registry (docs/MODELS.md), after loading it and running it on the card's shapes.
 * Exit 0 with the published version; 4 with the named problem when the file or card is refused (the registry is left
 * as it was); 2 for a wrong command line.
 */
final class ImportCommand {
    static final int REFUSED = 4;
    private static final String USAGE = "usage: import <name> <file.pt> --card CARD.json [--default] [--models DIR]\n"
            + "  the card declares shapes and conventions (docs/MODELS.md); --default also makes it the default";

    private ImportCommand() {
    }

    static int run(Invocation invocation, PrintStream out, PrintStream err) throws Exception {
        String[] args = invocation.args();
        if (args.length < 3 || args[1].startsWith("--") || args[2].startsWith("--")) {
            err.println(USAGE);
            return 2;
        }
        Path card = null;
        Path models = invocation.config().registry().path();
        PublishMode mode = PublishMode.VERSION;
        try {
            for (int i = 3; i < args.length; i++) {
                switch (args[i]) {
                    case "--card" -> card = Path.of(TrainCommand.value(args, i++));
                    case "--default" -> mode = PublishMode.DEFAULT;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (card == null) throw new IllegalArgumentException("--card is required");
            if (!ModelRegistry.isValidName(args[1])) {
                throw new IllegalArgumentException("name must be a registry name (lowercase letters, digits and '-',"
                        + " 1..64), got '" + args[1] + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("import: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            ImportCard declared = ImportCard.parse(Files.readString(card));
            ModelRegistry.Publication p = new ModelImport(new ModelRegistry(models)).run(args[1], Path.of(args[2]),
                    declared, mode);
            out.println("imported " + p.version().name() + " v" + p.version().version() + " ("
                    + p.version().card().parameters() + " parameters); " + p.decision().reason());
            return 0;
        } catch (ImportRefusedException e) {
            err.println("import refused, " + e.problem() + ": " + e.getMessage());
            return REFUSED;
        }
    }
}
