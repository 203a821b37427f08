package io.guidestream.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.guidestream.util.FailureReason;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A resumable training state in {@code <run>/checkpoint/}: live weights, EMA weights, optimizer moments, the step
 * reached and the loss log. Written to a temporary folder and swapped in by renames, so a crash at any moment leaves
 * either the previous or the new checkpoint whole ({@code checkpoint.old} covers the gap between the two renames).
 */
public final class Checkpoint {
    private static final String PARAMS = "params.bin";
    private static final String EMA = "ema.bin";
    private static final String OPTIMIZER = "optimizer.bin";
    private static final String STEP = "step.txt";
    public static final String LOSS_LOG = "train-log.csv";

    private Checkpoint() {
    }

    public static Path current(Path runDir) {
        return runDir.resolve("checkpoint");
    }

    /** The checkpoint to resume from, if any: the current one, else one left mid-swap. */
    public static Path findResumable(Path runDir) {
        Path cur = current(runDir);
        if (Files.isRegularFile(cur.resolve(STEP))) return cur;
        Path old = runDir.resolve("checkpoint.old");
        if (Files.isRegularFile(old.resolve(STEP))) return old;
        return null;
    }

    public static void write(Path runDir, Block net, Ema ema, AdamW optimizer, long step, String lossLog)
            throws IOException {
        Files.createDirectories(runDir);
        Path tmp = Files.createTempDirectory(runDir, "checkpoint.tmp-");
        try (DataOutputStream out = data(tmp.resolve(PARAMS))) {
            net.saveParameters(out);
        }
        try (OutputStream out = stream(tmp.resolve(EMA))) {
            ema.weights().encode(out);
        }
        try (OutputStream out = stream(tmp.resolve(OPTIMIZER))) {
            optimizer.state().encode(out);
        }
        Files.writeString(tmp.resolve(LOSS_LOG), lossLog);
        Files.writeString(tmp.resolve(STEP), Long.toString(step));
        Path cur = current(runDir);
        Path old = runDir.resolve("checkpoint.old");
        deleteTree(old);
        if (Files.exists(cur)) Files.move(cur, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, cur, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Loads a checkpoint into already-built objects; returns the step it was taken at. */
    public static long read(Path dir, NDManager manager, Block net, Ema ema, AdamW optimizer) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS))))) {
            net.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("corrupt checkpoint weights in " + dir + ": " + FailureReason.of(e), e);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(EMA)));
             NDList weights = NDList.decode(manager, in)) {
            ema.load(weights);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(OPTIMIZER)));
             NDList state = NDList.decode(manager, in)) {
            optimizer.load(state);
        }
        return Long.parseLong(Files.readString(dir.resolve(STEP)).trim());
    }

    /** Loads plain parameters (a published {@code model.params}) into a built block, keeping gradients on. */
    public static void loadWeights(Path params, NDManager manager, Block net) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            net.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("cannot initialise from " + params + ": " + FailureReason.of(e), e);
        }
        net.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
    }

    public static String readLossLog(Path dir) throws IOException {
        Path log = dir.resolve(LOSS_LOG);
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static DataOutputStream data(Path file) throws IOException {
        return new DataOutputStream(stream(file));
    }

    private static OutputStream stream(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
