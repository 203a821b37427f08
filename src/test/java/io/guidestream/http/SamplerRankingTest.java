package io.guidestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.guidestream.bus.SamplerStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How a gateway counts load and ranks samplers ({@link SamplerLoad}, {@link SamplerRanking}): a burst spreads
 * although no advert arrives during it, a model's jobs stay where it runs while that is cheaper than another pass,
 * jobs go where they fit first (the others are offered a job last, since their own count decides), and adverts take
 * over the count of jobs exactly once.
 */
class SamplerRankingTest {
    private static final List<SamplerStatus.ModelInfo> MODELS = List.of(model("a"), model("b"));

    private static SamplerStatus.ModelInfo model(String name) {
        return new SamplerStatus.ModelInfo(name, 1, "EPSILON", 10, 28, null, "", 1, "djl");
    }

    private static SamplerStatus advert(String node, int capacity, long admissions, Map<String, Integer> running) {
        int live = running.values().stream().mapToInt(Integer::intValue).sum();
        return new SamplerStatus(node, true, live, capacity, MODELS, admissions, running);
    }

    private static Map<String, SamplerLoad> idle(int capacity, String... nodes) {
        Map<String, SamplerLoad> out = new TreeMap<>();
        for (String n : nodes) out.put(n, new SamplerLoad(advert(n, capacity, 0, Map.of()), 0));
        return out;
    }

    /** Routes like the gateway: the best candidate gets the job. */
    private static String route(Map<String, SamplerLoad> samplers, String jobId, String model, int items) {
        String best = SamplerRanking.rank(samplers.values(), model, items, Set.of()).get(0);
        samplers.get(best).sent(jobId, model, items);
        return best;
    }

    @Test
    void aBurstOfOneImageJobsSpreadsEvenlyWithoutAnyAdvert() {
        Map<String, SamplerLoad> samplers = idle(16, "s1", "s2", "s3");
        Map<String, Integer> perSampler = new TreeMap<>();
        for (int j = 0; j < 12; j++) perSampler.merge(route(samplers, "j" + j, "a", 1), 1, Integer::sum);
        assertEquals(Map.of("s1", 4, "s2", 4, "s3", 4), perSampler);
    }

    @Test
    void jobsFillEverySlotAndSamplersCountedFullAreStillOfferedAJobLast() {
        Map<String, SamplerLoad> samplers = idle(16, "s1", "s2", "s3");
        for (int j = 0; j < 12; j++) {
            String model = j % 2 == 0 ? "a" : "b";
            SamplerLoad best = samplers.get(SamplerRanking.rank(samplers.values(), model, 4, Set.of()).get(0));
            assertTrue(best.free() >= 4, "job " + j + " of 4 images goes where it fits");
            best.sent("j" + j, model, 4);
        }
        samplers.values().forEach(s -> assertEquals(0, s.free(), s.node()));
        assertEquals(List.of("s1", "s2", "s3"), SamplerRanking.rank(samplers.values(), "a", 1, Set.of()),
                "the count may be high for a moment: the samplers decide");
        samplers.get("s2").full();
        assertEquals(List.of("s1", "s3"), SamplerRanking.rank(samplers.values(), "a", 1, Set.of()),
                "one that refused for want of room is passed over until its next advert");
    }

    @Test
    void aJobGoesWhereItsModelRunsWhileThatCostsLessThanAnotherForwardPass() {
        Map<String, SamplerLoad> samplers = new TreeMap<>();
        samplers.put("s1", new SamplerLoad(advert("s1", 64, 6, Map.of("a", 6)), 0));
        samplers.put("s2", new SamplerLoad(advert("s2", 64, 2, Map.of("b", 2)), 0));
        assertEquals("s1", route(samplers, "j1", "a", 1), "7 images of a beat 3 images in two passes");
        assertEquals("s2", route(samplers, "j2", "b", 1));
        samplers.put("s1", new SamplerLoad(advert("s1", 64, 20, Map.of("a", 14)), 0));
        samplers.put("s2", new SamplerLoad(advert("s2", 64, 20, Map.of("b", 2)), 0));
        assertEquals("s2", route(samplers, "j3", "a", 1), "15 images in one pass cost more than 3 in two");
    }

    @Test
    void anIdleSamplerBeatsOneWhereTheModelAlreadyRuns() {
        Map<String, SamplerLoad> samplers = idle(16, "s2");
        samplers.put("s1", new SamplerLoad(advert("s1", 16, 1, Map.of("a", 1)), 0));
        assertEquals("s2", route(samplers, "j1", "a", 1), "samplers step in parallel");
    }

    @Test
    void onlySamplersThatServeTheModelAndAnswerAreOfferedAJobThoseWithRoomFirst() {
        Map<String, SamplerLoad> samplers = idle(16, "s1", "s2", "s3", "s4");
        samplers.put("s5", new SamplerLoad(new SamplerStatus("s5", true, 0, 16, List.of(model("b")), 0, Map.of()),
                0));
        samplers.get("s1").suspect();
        samplers.get("s2").full();
        samplers.put("s3", new SamplerLoad(advert("s3", 16, 13, Map.of("a", 13)), 0));
        assertEquals(List.of("s4", "s3"), SamplerRanking.rank(samplers.values(), "a", 4, Set.of()),
                "s3 has 3 free slots: last");
        assertEquals(List.of("s4", "s3"), SamplerRanking.rank(samplers.values(), "a", 3, Set.of()),
                "both fit; 13 of 16 taken costs more");
        assertEquals(List.of("s3"), SamplerRanking.rank(samplers.values(), "a", 3, Set.of("s4")));
        samplers.get("s1").advert(advert("s1", 16, 0, Map.of()), 1);
        samplers.get("s2").advert(advert("s2", 16, 0, Map.of()), 1);
        assertEquals(List.of("s1", "s2", "s4", "s3"), SamplerRanking.rank(samplers.values(), "a", 4, Set.of()),
                "a new advert puts a silent or full sampler back");
    }

    @Test
    void anAdvertTakesOverTheCountOfAJobOnceItsNumberIsReached() {
        SamplerLoad s = new SamplerLoad(advert("s1", 16, 5, Map.of("a", 2)), 0);
        s.sent("j1", "a", 3);
        s.sent("j2", "b", 4);
        assertEquals(9, s.items(), "sent jobs count at once");
        s.taken("j1", "a", 3, 6);
        s.taken("j2", "b", 4, 7);
        s.advert(advert("s1", 16, 6, Map.of("a", 5)), 1); // counts j1, not yet j2
        assertEquals(5 + 4, s.items());
        assertEquals(Set.of("a", "b"), s.models());
        s.advert(advert("s1", 16, 7, Map.of("a", 5, "b", 4)), 2);
        assertEquals(9, s.items(), "j2 counted once, by the advert");
        s.sent("j3", "a", 1);
        s.taken("j3", "a", 1, 7); // an advert with this number already arrived: it counts the job
        assertEquals(9, s.items());
        s.sent("j4", "a", 2);
        s.forget("j4"); // ended (or went elsewhere) before any advert counted it
        assertEquals(9, s.items());
        assertEquals(7, s.free());
    }

    @Test
    void rankingIsPerSlotOfCapacity() {
        Map<String, SamplerLoad> samplers = new HashMap<>();
        samplers.put("small", new SamplerLoad(advert("small", 16, 1, Map.of("a", 4)), 0));
        samplers.put("large", new SamplerLoad(advert("large", 256, 1, Map.of("a", 40)), 0));
        assertEquals(List.of("large", "small"), SamplerRanking.rank(samplers.values(), "a", 1, Set.of()),
                "41 of 256 is a lighter load than 5 of 16");
    }
}
