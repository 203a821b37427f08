package io.guidestream.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Exports the EMA weights of a run: its final weights when it finished, else those of its latest checkpoint. */
public final class RunExport {
    private RunExport() {
    }

    /** The parameter file to publish, and the step it reflects. */
    public record Exported(Path params, long step, String lossLog) {
    }

    public static Exported export(TrainingSpec spec, Path runDir) throws IOException {
        Path checkpoint = Checkpoint.findResumable(runDir);
        if (checkpoint == null) throw new IOException("run " + runDir + " has no checkpoint yet");
        Path finalWeights = runDir.resolve(Trainer.FINAL_WEIGHTS);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = spec.network().create(manager);
            List<Parameter> params = List.copyOf(net.getParameters().values());
            AdamW optimizer = new AdamW(manager, params, 0);
            Ema ema = new Ema(manager, params, spec.emaDecay());
            long step = Checkpoint.read(checkpoint, manager, net, ema, optimizer);
            String log = Checkpoint.readLossLog(checkpoint);
            if (step >= spec.steps() && Files.exists(finalWeights)) return new Exported(finalWeights, step, log);
            Path out = runDir.resolve("export-" + step + ".params");
            ema.swapInto(params);
            try (DataOutputStream os = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
                net.saveParameters(os);
            }
            return new Exported(out, step, log);
        }
    }
}
