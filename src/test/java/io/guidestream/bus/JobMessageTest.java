package io.guidestream.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.guidestream.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every kind of message about a job reaches its own method of a {@link JobMessage.Receiver}, and the kinds are exactly
 * the sealed ones; a nested guidance setting crosses the bus as JSON and back unchanged.
 */
class JobMessageTest {

    @Test
    void eachKindReachesItsOwnMethod() {
        List<String> got = new ArrayList<>();
        JobMessage.Receiver r = new JobMessage.Receiver() {
            @Override
            public void step(StepFrame frame) {
                got.add("step " + frame.jobId());
            }

            @Override
            public void reserved(JobEvent.Reserved reserved) {
                got.add("reserved " + reserved.jobId());
            }

            @Override
            public void accepted(JobEvent.Accepted accepted) {
                got.add("accepted " + accepted.jobId());
            }

            @Override
            public void done(JobEvent.Done done) {
                got.add("done " + done.jobId());
            }

            @Override
            public void failed(JobEvent.Failed failed) {
                got.add("failed " + failed.jobId());
            }
        };
        List<JobMessage> messages = List.of(new JobEvent.Reserved("j-1", "s", 1),
                new JobEvent.Accepted("j-2", 5, "s", 3),
                new StepFrame("j-3", 1, 5, 999, null, new double[0], null, null, List.of(), 1.0,
                        new StepFrame.Tick(1, 1), null, List.of()),
                new JobEvent.Done("j-4", 5, 10), new JobEvent.Failed("j-5", ErrorCode.CANCELLED, "cancelled"));
        messages.forEach(m -> m.deliverTo(r));
        assertEquals(List.of("reserved j-1", "accepted j-2", "step j-3", "done j-4", "failed j-5"), got);
    }

    @Test
    void theKindsAreTheSealedOnes() {
        assertEquals(List.of(StepFrame.class, JobEvent.class), List.of(JobMessage.class.getPermittedSubclasses()));
        assertEquals(List.of(JobEvent.Reserved.class, JobEvent.Accepted.class, JobEvent.Done.class,
                JobEvent.Failed.class), List.of(JobEvent.class.getPermittedSubclasses()));
    }

    @Test
    void nestedGuidanceCrossesTheBusAsTheWireShapesIt() throws Exception {
        GenerateCommand.GuidanceSettings g = GenerateCommand.GuidanceSettings.tail(2).withClassifier("clf")
                .withTail(1.5, 0.4, 0.1).withX0Lambda(0.25).withEntropyFloor(0.2);
        String json = Json.MAPPER.writeValueAsString(g);
        assertEquals(Json.MAPPER.readTree("{\"method\":\"TAIL\",\"scale\":2.0,\"classifier\":\"clf\","
                + "\"entropyFloor\":0.2,\"tail\":{\"scale\":1.5,\"tau\":0.4,\"tMin\":0.1},\"x0\":{\"lambda\":0.25}}"),
                Json.MAPPER.readTree(json));
        assertEquals(g, Json.MAPPER.readValue(json, GenerateCommand.GuidanceSettings.class));
    }
}
