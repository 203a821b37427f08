package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slow-subscriber policy: steps and final images are kept, superseded intermediate images dropped. */
class EventBufferTest {
    private static final String JOB = "j-1";

    private static GenerationEvent.Step step(int n, int of) {
        return new GenerationEvent.Step(JOB, n, of, 1000 - n, new double[1], new double[1], new double[1][10],
                new double[1], List.of(List.of()), 1.0);
    }

    private static GenerationEvent.Image image(int step, PreviewKind kind, int index) {
        return new GenerationEvent.Image(JOB, step, kind, index, new byte[] {(byte) step});
    }

    private static List<String> drain(EventBuffer b) {
        List<String> out = new ArrayList<>();
        for (GenerationEvent e = b.poll(); e != null; e = b.poll()) {
            out.add(describe(e));
        }
        return out;
    }

    /** A compact name for an event: "step3", "xt@3#0" (kind, step, index). */
    static String describe(GenerationEvent e) {
        if (e instanceof GenerationEvent.Step s) return "step" + s.step();
        if (e instanceof GenerationEvent.Image i) return i.kind().wireName() + "@" + i.step() + "#" + i.index();
        return e instanceof GenerationEvent.Accepted ? "accepted" : "done";
    }

    @Test
    void aStalledSubscriberGetsEveryStepButOnlyTheNewestImages() {
        EventBuffer b = new EventBuffer();
        b.offer(new GenerationEvent.Accepted(JOB, 3, "n", 1, 1));
        for (int s = 1; s <= 3; s++) {
            b.offer(step(s, 3));
            b.offer(image(s, PreviewKind.XT, 0));
            b.offer(image(s, PreviewKind.XT, 1));
        }
        b.offer(new GenerationEvent.Done(JOB, 3, 10));
        assertEquals(List.of("accepted", "step1", "step2", "step3", "xt@3#0", "xt@3#1", "done"), drain(b));
        assertEquals(4, b.dropped(), "two superseded images for each of two indexes");
        assertTrue(b.isEmpty());
    }

    @Test
    void anImageWaitsBehindItsOwnStepAndOtherKindsAreUntouched() {
        EventBuffer b = new EventBuffer();
        b.offer(new GenerationEvent.Accepted(JOB, 10, "n", 1, 1));
        b.offer(step(1, 10));
        b.offer(image(1, PreviewKind.XT, 0));
        b.offer(image(1, PreviewKind.X0, 0));
        b.offer(step(2, 10));
        b.offer(image(2, PreviewKind.XT, 0));
        assertEquals(List.of("accepted", "step1", "x0@1#0", "step2", "xt@2#0"), drain(b));
        assertEquals(1, b.dropped());
    }

    @Test
    void whatWasPolledIsNeverReplacedAndAnEmptyBufferPollsNull() {
        EventBuffer b = new EventBuffer();
        b.offer(new GenerationEvent.Accepted(JOB, 10, "n", 1, 1));
        b.offer(image(1, PreviewKind.XT, 0));
        assertEquals(List.of("accepted", "xt@1#0"), drain(b));
        b.offer(image(2, PreviewKind.XT, 0));
        assertEquals(List.of("xt@2#0"), drain(b));
        assertEquals(0, b.dropped());
        assertNull(b.poll());
    }
}
