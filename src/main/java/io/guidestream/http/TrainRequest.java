package io.guidestream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.guidestream.bus.PublishMode;
import io.guidestream.bus.TrainCommand;
import java.util.regex.Pattern;

/** Parses and validates a {@code POST /api/train} body; every error names its field. */
final class TrainRequest {
    static final int MAX_STEPS = 1_000_000;
    static final int MAX_BATCH = 512;
    /**
     * A training job id as {@link JobRoutes} hands them out ({@code t-} and a random UUID). {@code resumeFrom} names a
     * run folder, so nothing else may reach the trainer: no separators, no dots, no absolute paths.
     */
    static final Pattern JOB_ID = Pattern.compile("t-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private TrainRequest() {
    }

    static TrainCommand parse(JsonNode body, String jobId) {
        Fields f = new Fields(body, "");
        String model = f.registryName("model", null);
        String objective = f.string("objective", null, 16);
        if (!objective.matches("eps|stf|soft|ce|ect|features")) {
            throw new BadRequestException("objective must be one of eps, stf, soft, ce, ect, features; got '"
                    + objective + "'");
        }
        String defaultPreset = objective.matches("ce|ect|features") ? "classifier" : "unet-cond";
        String preset = f.string("preset", defaultPreset, 32);
        if (!preset.matches("unet-cond|unet-uncond|classifier")) {
            throw new BadRequestException("preset must be one of unet-cond, unet-uncond, classifier; got '" + preset
                    + "'");
        }
        int steps = (int) f.integer("steps", 1000, 1, MAX_STEPS);
        int batch = (int) f.integer("batch", 128, 1, MAX_BATCH);
        double lr = f.number("learningRate", preset.equals("classifier") ? 3e-4 : 5e-4, 1e-7, 1);
        long seed = f.integer("seed", 1, 0, Integer.MAX_VALUE);
        int checkpointEvery = (int) f.integer("checkpointEvery", 250, 1, MAX_STEPS);
        String resumeFrom = f.has("resumeFrom") ? jobId(f.string("resumeFrom", null, 64)) : null;
        String baseModel = f.optionalRegistryName("baseModel");
        PublishMode publish = publishMode(f.string("publish", PublishMode.VERSION.wireName(), 16));
        boolean allowWorse = f.bool("allowWorse", false);
        if (allowWorse && publish != PublishMode.DEFAULT) {
            throw new BadRequestException("allowWorse needs publish \"default\" (a version that is not made the default"
                    + " is never compared)");
        }
        f.rejectUnknown();
        return new TrainCommand(jobId, model, preset, objective, steps, batch, lr, seed, checkpointEvery, resumeFrom,
                baseModel, publish, allowWorse);
    }

    private static PublishMode publishMode(String value) {
        for (PublishMode m : PublishMode.values()) if (m.wireName().equals(value)) return m;
        throw new BadRequestException("publish must be \"version\" (a new version; the default stays) or \"default\""
                + " (also the default, unless its held-out figures are worse than the current default's), got '"
                + value + "'");
    }

    private static String jobId(String value) {
        if (!JOB_ID.matcher(value).matches()) {
            throw new BadRequestException("resumeFrom must be a training job id (t- and a UUID, as POST /api/train"
                    + " answered), got '" + value + "'");
        }
        return value;
    }
}
