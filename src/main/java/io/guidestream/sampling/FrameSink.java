package io.guidestream.sampling;

import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.StepFrame;

/** Where the engine delivers what its jobs produce. Called on the sampler thread; must not block. */
public interface FrameSink {
    void frame(GenerateCommand job, StepFrame frame);

    void done(GenerateCommand job, JobEvent.Done done);

    void failed(GenerateCommand job, JobEvent.Failed failed);
}
