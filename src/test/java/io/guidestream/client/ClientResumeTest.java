package io.guidestream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A socket that drops mid-job is reopened and the job resumed: the subscriber sees no gap and no repeat. */
class ClientResumeTest {
    private static final int STEPS = 40;
    @RegisterExtension
    static final ConnectedClient service = new ConnectedClient();

    private static GenerateRequestSpec request(int steps) {
        return GenerateRequestSpec.builder(service.server().model()).label(3).batch(2).seed(5)
                .sampler(SamplerKind.DDPM, steps).build();
    }

    private static int socketsOpened() throws Exception {
        return service.client().socketsOpened().toCompletionStage().toCompletableFuture().get();
    }

    /** Runs the job, dropping the socket each time the subscriber reaches one of {@code dropAt}. */
    private static List<GenerationEvent> runDroppingAt(int steps, Set<Integer> dropAt) {
        return service.client().generate(request(steps))
                .doOnNext(e -> {
                    if (e instanceof GenerationEvent.Step s && dropAt.contains(s.step())) {
                        service.client().dropConnection();
                    }
                })
                .timeout(120, TimeUnit.SECONDS)
                .toList().blockingGet();
    }

    @Test
    void stepsStayContiguousAcrossTwoDroppedSockets() throws Exception {
        int before = socketsOpened();
        List<GenerationEvent> events = runDroppingAt(STEPS, Set.of(5, 20));
        int firstOpen = before == 0 ? 1 : 0;
        assertEquals(before + firstOpen + 2, socketsOpened(),
                "two reconnects");
        assertInstanceOf(GenerationEvent.Accepted.class, events.get(0));
        assertInstanceOf(GenerationEvent.Done.class, events.get(events.size() - 1));
        int step = 0;
        Map<String, Integer> lastImage = new HashMap<>();
        Set<String> finals = new HashSet<>();
        for (GenerationEvent e : events.subList(1, events.size() - 1)) {
            if (e instanceof GenerationEvent.Step s) {
                assertEquals(++step, s.step(), "no gap, no repeat");
            } else if (e instanceof GenerationEvent.Image i) {
                String key = i.kind() + "/" + i.index();
                assertTrue(i.step() > lastImage.getOrDefault(key, 0), "no image twice, none older than one seen");
                assertTrue(i.step() <= step, "an image never comes before its step");
                lastImage.put(key, i.step());
                if (i.step() == STEPS) finals.add(key);
            } else {
                throw new AssertionError("unexpected " + e);
            }
        }
        assertEquals(STEPS, step);
        assertEquals(Set.of("XT/0", "XT/1", "X0/0", "X0/1"), finals, "every final image arrives");
    }

    @Test
    void theSocketIsReusedByTheNextJob() throws Exception {
        runDroppingAt(3, Set.of());
        int opened = socketsOpened();
        List<GenerationEvent> events = runDroppingAt(3, Set.of());
        assertEquals(3 + 2, events.stream().filter(e -> !(e instanceof GenerationEvent.Image)).count());
        assertEquals(opened, socketsOpened());
    }
}
