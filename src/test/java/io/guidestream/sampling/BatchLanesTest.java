package io.guidestream.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link BatchLanes}: which calls are split, in what order the halves come back, and what a failing half does. */
class BatchLanesTest {
    static {
        NDManager.newBaseManager().close(); // loads the engine, whose thread count the lanes read
    }

    @Test
    void splitsOnlyBatchesOfTwoToMaxItemsAndJoinsTheHalvesInOrder() {
        try (BatchLanes lanes = new BatchLanes(8)) {
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            String joined = lanes.run(5, (from, to) -> {
                threads.add(Thread.currentThread().getName());
                return from + ":" + to;
            }, (a, b) -> a + "|" + b);
            assertEquals("0:2|2:5", joined);
            assertEquals(2, threads.size());
            assertNotEquals(threads.get(0), threads.get(1), "each half on its own lane");
            assertTrue(threads.stream().allMatch(n -> n.startsWith("sampler-lane-")), threads.toString());
            String caller = Thread.currentThread().getName();
            assertEquals(caller, lanes.run(9, (from, to) -> Thread.currentThread().getName(), (a, b) -> a + b),
                    "above maxItems the call runs whole here");
            assertEquals("0:1", lanes.run(1, (from, to) -> from + ":" + to, (a, b) -> a + b));
        }
        assertThrows(IllegalArgumentException.class, () -> new BatchLanes(1));
    }

    @Test
    void aFailingHalfIsRethrownAfterTheOtherHalfHasFinished() throws Exception {
        CountDownLatch otherDone = new CountDownLatch(1);
        try (BatchLanes lanes = new BatchLanes(8)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> lanes.run(4, (from, to) -> {
                if (from == 0) {
                    sleep(200);
                    otherDone.countDown();
                    return "lo";
                }
                throw new IllegalStateException("half " + from + ":" + to + " failed");
            }, (a, b) -> a + b));
            assertEquals("half 2:4 failed", e.getMessage());
            assertTrue(otherDone.await(0, TimeUnit.MILLISECONDS), "the first half had finished when the call threw");
            assertEquals("0:2|2:4", lanes.run(4, (from, to) -> from + ":" + to, (a, b) -> a + "|" + b),
                    "the lanes work on after a failure");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
