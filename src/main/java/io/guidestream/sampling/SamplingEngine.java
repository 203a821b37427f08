package io.guidestream.sampling;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import io.guidestream.registry.ModelCard;
import io.guidestream.registry.ModelRole;
import io.guidestream.sampling.guidance.Guidance;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The step batcher (ARCHITECTURE.md §3). It holds every live trajectory; each {@link #tick} advances all of them by
 * one step, with one batched forward pass per denoiser and one batched classifier probe per classifier, each item
 * with its own timestep, label, guidance and noise. New jobs join at the next tick; cancelled ones leave at once.
 * Bounded: admission beyond {@code capacity} items is refused with {@link ErrorCode#CAPACITY}.
 *
 * <p>Not thread-safe: the sampler calls admit, cancel and tick from its one worker thread, so cancellation and new
 * arrivals are looked at between steps.
 */
public final class SamplingEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SamplingEngine.class.getName());

    private final ModelStore models;
    private final int capacity;
    private final String node;
    private final boolean batching;
    private final NDManager root;
    private final BatchLanes lanes;
    private final Map<String, Trajectory> live = new LinkedHashMap<>();
    private EngineListener listener = EngineListener.NONE;

    /** An engine whose trajectories live on the device its models were loaded on. */
    public SamplingEngine(ModelStore models, int capacity, String node) {
        this(models, capacity, node, true);
    }

    /**
     * @param batching one forward pass per model over all live trajectories (the point of this class); false runs
     *                 one pass per job, as one-prompt-at-a-time tools do (for benchmarks)
     */
    public SamplingEngine(ModelStore models, int capacity, String node, boolean batching) {
        this(models, capacity, node, batching, 0);
    }

    /**
     * @param laneItems on a CPU, passes over 2..laneItems items run as two half-batches at once on two lane threads,
     *                  each at half the PyTorch threads ({@link BatchLanes}); 0: every pass whole on the calling
     *                  thread. Ignored on a GPU and with fewer than two PyTorch threads.
     */
    public SamplingEngine(ModelStore models, int capacity, String node, boolean batching, int laneItems) {
        if (laneItems < 0) throw new IllegalArgumentException("laneItems must be 0 or more, got " + laneItems);
        this.models = models;
        this.capacity = capacity;
        this.node = node;
        this.batching = batching;
        this.root = NDManager.newBaseManager(models.device());
        this.lanes = BatchLanes.on(models.device(), laneItems);
    }

    /** Whether a network pass over {@code items} items runs as two half-batches at once ({@link BatchLanes}). */
    boolean splits(int items) {
        return lanes.splits(items);
    }

    public Device device() {
        return root.getDevice();
    }

    /** Who hears about each tick and each batched step (statistics); {@link EngineListener#NONE} by default. */
    public void listener(EngineListener listener) {
        this.listener = listener;
    }

    public ModelStore models() {
        return models;
    }

    public int capacity() {
        return capacity;
    }

    public int liveItems() {
        return live.values().stream().mapToInt(Trajectory::size).sum();
    }

    public int liveJobs() {
        return live.size();
    }

    public boolean idle() {
        return live.isEmpty();
    }

    /** Validates the job against the models and admits it; throws {@link SamplingException} if it cannot run. */
    public JobEvent.Accepted admit(GenerateCommand cmd) {
        if (live.containsKey(cmd.jobId())) {
            throw new SamplingException(ErrorCode.BAD_REQUEST, "job " + cmd.jobId() + " is already running");
        }
        if (liveItems() + cmd.batch() > capacity) {
            throw new SamplingException(ErrorCode.CAPACITY, "sampler " + node + " is full: " + liveItems() + " of "
                    + capacity + " items in flight, the job needs " + cmd.batch());
        }
        JobPlan.requireLabels(cmd);
        LoadedModel model = models.get(cmd.model(), ModelRole.EPSILON, ModelRole.BLUR);
        ModelCard card = model.card();
        JobPlan.requireGuidanceSupported(cmd, card);
        JobPlan.requireLabelsForModel(cmd, card);
        Sampler sampler = JobPlan.sampler(cmd.sampler(), card);
        Guidance guidance = JobPlan.guidance(cmd.guidance());
        String classifierName = cmd.guidance().classifier() != null ? cmd.guidance().classifier() : card.classifier();
        LoadedModel clf = null;
        int classes = card.numClasses();
        if (classifierName != null) {
            clf = models.get(classifierName, ModelRole.CLASSIFIER);
            JobPlan.requireCompatibleClassifier(card, clf.card());
            classes = clf.card().numClasses();
        } else if (guidance.needsClassifier()) {
            throw new SamplingException(ErrorCode.BAD_REQUEST, "guidance.classifier is required: model "
                    + card.name() + " has no default classifier");
        }
        for (int y : cmd.labels()) {
            if (y < -1 || y >= classes) {
                throw new SamplingException(ErrorCode.BAD_REQUEST, "label must be 0.." + (classes - 1)
                        + " (or -1 for none), got " + y);
            }
        }
        int side = card.network().imageSize();
        Shape item = new Shape(card.network().imageChannels(), side, side);
        Trajectory t = new Trajectory(cmd, new Denoiser(model), clf, classifierName, sampler, guidance, root, item);
        live.put(cmd.jobId(), t);
        return new JobEvent.Accepted(cmd.jobId(), t.stepsTotal(), node, card.version());
    }

    /**
     * A live job's current x_t as floats (B×C×H×W, row-major): read from a {@link FrameSink}'s frame callback it is
     * the state that step produced, which the frame's 8-bit previews only approximate (diagnostics and parity tests).
     */
    float[] state(String jobId) {
        Trajectory t = live.get(jobId);
        if (t == null) throw new IllegalArgumentException("no live job " + jobId);
        return t.x().toFloatArray();
    }

    /** A new version of {@code name} was published: new jobs get it, running ones finish on theirs. */
    public boolean modelPublished(String name) {
        boolean reloaded = models.reload(name);
        releaseRetiredModels();
        return reloaded;
    }

    private void releaseRetiredModels() {
        java.util.Set<LoadedModel> inUse = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Trajectory t : live.values()) {
            inUse.add(t.denoiser.model());
            if (t.classifierModel != null) inUse.add(t.classifierModel);
        }
        models.releaseUnused(inUse);
    }

    /** Removes a job before its next step; reports it as cancelled. Returns whether this engine held it. */
    public boolean cancel(String jobId, FrameSink sink) {
        Trajectory t = live.remove(jobId);
        if (t == null) return false;
        t.close();
        releaseRetiredModels();
        sink.failed(t.command, new JobEvent.Failed(jobId, ErrorCode.CANCELLED, "job " + jobId + " was cancelled"));
        return true;
    }

    /** Ends everything (shutdown): every job gets a final INTERNAL error saying why, so clients can resubmit. */
    public void failAll(FrameSink sink, String reason) {
        for (String id : List.copyOf(live.keySet())) {
            Trajectory t = live.remove(id);
            t.close();
            sink.failed(t.command, new JobEvent.Failed(id, ErrorCode.INTERNAL, reason));
        }
    }

    /** Advances every live trajectory by one step and delivers the frames. */
    public void tick(FrameSink sink) {
        if (live.isEmpty()) return;
        long start = System.nanoTime();
        List<FrameBuilder.Pending> pending = new ArrayList<>();
        int jobs = live.size();
        int items = liveItems();
        for (List<Trajectory> group : groups()) {
            Denoiser denoiser = group.get(0).denoiser;
            try {
                long groupStart = System.nanoTime();
                pending.addAll(BatchStep.run(root, denoiser, group, lanes, listener));
                listener.modelStep(denoiser.model().card().name(), group.stream().mapToInt(Trajectory::size).sum(),
                        System.nanoTime() - groupStart);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "sampling step failed for model " + denoiser.model().card().name(), e);
                for (Trajectory t : group) fail(t, sink, "sampling failed: " + e);
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        StepFrame.Tick load = new StepFrame.Tick(jobs, items);
        for (FrameBuilder.Pending p : pending) {
            Trajectory t = p.trajectory();
            sink.frame(t.command, p.build(ms, load));
            if (t.finished()) {
                live.remove(t.jobId());
                t.close();
                long elapsed = (System.nanoTime() - t.startNanos) / 1_000_000;
                sink.done(t.command, new JobEvent.Done(t.jobId(), t.stepsTotal(), elapsed));
            }
        }
        if (models.retiredCount() > 0) releaseRetiredModels();
        listener.tick(jobs, items, System.nanoTime() - start);
    }

    /** The forward passes of this tick: one per loaded model, or one per job when batching is off. */
    private java.util.Collection<List<Trajectory>> groups() {
        if (!batching) return live.values().stream().map(List::of).toList();
        Map<LoadedModel, List<Trajectory>> byModel = new IdentityHashMap<>();
        for (Trajectory t : live.values()) byModel.computeIfAbsent(t.denoiser.model(), m -> new ArrayList<>()).add(t);
        return byModel.values();
    }

    private void fail(Trajectory t, FrameSink sink, String message) {
        live.remove(t.jobId());
        t.close();
        sink.failed(t.command, new JobEvent.Failed(t.jobId(), ErrorCode.INTERNAL, message));
    }

    @Override
    public void close() {
        live.values().forEach(Trajectory::close);
        live.clear();
        root.close();
        lanes.close();
    }
}
