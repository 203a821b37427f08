package io.guidestream.sampling;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects what an engine delivers, per job. */
final class RecordingSink implements FrameSink {
    final Map<String, List<StepFrame>> frames = new HashMap<>();
    final Map<String, JobEvent.Done> done = new HashMap<>();
    final Map<String, JobEvent.Failed> failed = new HashMap<>();

    @Override
    public void frame(GenerateCommand job, StepFrame frame) {
        frames.computeIfAbsent(job.jobId(), k -> new ArrayList<>()).add(frame);
    }

    @Override
    public void done(GenerateCommand job, JobEvent.Done d) {
        done.put(job.jobId(), d);
    }

    @Override
    public void failed(GenerateCommand job, JobEvent.Failed f) {
        failed.put(job.jobId(), f);
    }

    List<StepFrame> of(String jobId) {
        return frames.getOrDefault(jobId, List.of());
    }
}
