package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.Await;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;

/**
 * A subscriber that falls behind gets every step, the final images and {@code done}, and only loses intermediate
 * previews that a newer one of the same kind and index replaced, against the real server.
 */
class ClientBackpressureTest {
    private static final int STEPS = 12;
    private static final int BATCH = 2;
    @RegisterExtension
    static final ConnectedClient service = new ConnectedClient();

    private static GenerateRequestSpec request() {
        return GenerateRequestSpec.builder(service.server().model()).label(3).batch(BATCH).seed(7)
                .sampler(SamplerKind.DDIM, STEPS).preview(1, PreviewKind.XT, PreviewKind.X0).build();
    }

    private static void awaitEnd(AtomicReference<Subscription> upstream) throws Exception {
        Await.until(() -> upstream.get() instanceof JobSubscription s && s.terminalReceived(), Duration.ofSeconds(60),
                "the job ends");
    }

    @Test
    void aSubscriberThatRequestsNothingUntilTheEndGetsStepsFinalImagesAndDone() throws Exception {
        AtomicReference<Subscription> upstream = new AtomicReference<>();
        TestSubscriber<GenerationEvent> ts = new TestSubscriber<>(0L);
        service.client().generate(request()).doOnSubscribe(upstream::set).subscribe(ts);
        awaitEnd(upstream);
        ts.assertNoValues().assertNotComplete();
        ts.request(Long.MAX_VALUE);
        ts.awaitDone(10, TimeUnit.SECONDS).assertComplete().assertNoErrors();
        List<String> expected = new ArrayList<>(List.of("accepted"));
        for (int s = 1; s <= STEPS; s++) expected.add("step" + s);
        for (int i = 0; i < BATCH; i++) expected.addAll(List.of("xt@" + STEPS + "#" + i, "x0@" + STEPS + "#" + i));
        expected.add("done");
        List<String> got = ts.values().stream().map(EventBufferTest::describe).toList();
        assertEquals(expected.stream().sorted().toList(), got.stream().sorted().toList(), got.toString());
        assertEquals(expected.subList(0, STEPS + 1), got.subList(0, STEPS + 1), "steps in order, first");
        assertEquals("done", got.get(got.size() - 1));
        long produced = (long) STEPS * BATCH * 2;
        // Every intermediate image that reached the client was dropped (the server's own gate may drop some first).
        long dropped = ((JobSubscription) upstream.get()).droppedImages();
        assertTrue(dropped > 0 && dropped <= produced - 2 * BATCH, "dropped " + dropped + " of " + produced);
    }

    @Test
    void aSlowObserverOnAnotherThreadLosesOnlyIntermediateImages() throws Exception {
        AtomicReference<Subscription> upstream = new AtomicReference<>();
        // A consumer that is slow where it hurts: it stalls on the first step until the job has ended, with a
        // prefetch of 2, so almost everything queues in the client while it works.
        List<GenerationEvent> seen = service.client().generate(request()).doOnSubscribe(upstream::set)
                .observeOn(Schedulers.io(), false, 2)
                .doOnNext(e -> {
                    if (e instanceof GenerationEvent.Step s && s.step() == 1) awaitEnd(upstream);
                })
                .timeout(120, TimeUnit.SECONDS)
                .toList().blockingGet();
        int step = 0;
        int images = 0;
        for (GenerationEvent e : seen) {
            if (e instanceof GenerationEvent.Step s) assertEquals(++step, s.step(), "steps contiguous");
            if (e instanceof GenerationEvent.Image i) {
                images++;
                assertTrue(i.step() <= step, "an image never comes before its step");
            }
        }
        assertEquals(STEPS, step);
        assertInstanceOf(GenerationEvent.Done.class, seen.get(seen.size() - 1));
        long finals = seen.stream().filter(e -> e instanceof GenerationEvent.Image i && i.step() == STEPS).count();
        assertEquals(2 * BATCH, finals, "the last step's images are never dropped");
        long dropped = ((JobSubscription) upstream.get()).droppedImages();
        assertTrue(dropped > 0, "a stalled consumer loses previews");
        // (≤ rather than =: the server's own preview gate may also drop some if its socket ever fills.)
        assertTrue(images + dropped <= STEPS * BATCH * 2, "no image invented or duplicated");
    }
}
