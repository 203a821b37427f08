package io.guidestream.http;

import io.guidestream.bus.SamplerStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One sampler as a gateway sees it: its latest advert plus the jobs this gateway has sent it that the advert does not
 * count yet. A job counts here from the moment it is sent; once the sampler has taken it (its
 * {@link io.guidestream.bus.JobEvent.Reserved} says with which admission number), the first advert whose
 * {@code admissions} reaches that number counts it, and it stops counting here. So a burst of jobs spreads over the
 * samplers although adverts lag. Jobs of other gateways count from the sampler's next advert (about 100 ms after it
 * took them), and so do freed slots. The count can also be high for a moment: an advert may count a job before its
 * {@code Reserved} (which tells the gateway that it does) has arrived. The sampler's own ledger decides what fits, so
 * none of this can overfill a sampler, and {@link SamplerRanking} offers a job even to samplers this count calls full.
 * Event-loop confined.
 */
final class SamplerLoad {
    private final String node;
    private SamplerStatus advert;
    private long advertAt;
    private boolean suspect;
    private boolean full;
    private final Map<String, Job> unadvertised = new HashMap<>();

    /** A job of this gateway; {@code admission} is 0 until the sampler has taken it. */
    private record Job(String model, int items, long admission) {
    }

    SamplerLoad(SamplerStatus advert, long now) {
        this.node = advert.node();
        advert(advert, now);
    }

    String node() {
        return node;
    }

    SamplerStatus advert() {
        return advert;
    }

    /** A new advert: the sampler answers again, and its count now includes every job it took up to its number. */
    void advert(SamplerStatus s, long now) {
        advert = s;
        advertAt = now;
        suspect = false;
        full = false;
        unadvertised.values().removeIf(j -> j.admission() > 0 && j.admission() <= s.admissions());
    }

    long advertAt() {
        return advertAt;
    }

    /** This gateway sent the job here. */
    void sent(String jobId, String model, int items) {
        unadvertised.put(jobId, new Job(model, items, 0));
    }

    /** The sampler took the job with this admission number. */
    void taken(String jobId, String model, int items, long admission) {
        if (admission <= advert.admissions()) unadvertised.remove(jobId);
        else unadvertised.put(jobId, new Job(model, items, admission));
    }

    /** The job ended or went elsewhere: if the latest advert does not count it, nothing does. */
    void forget(String jobId) {
        unadvertised.remove(jobId);
    }

    /** The sampler did not answer in time: no jobs go here until its next advert. */
    void suspect() {
        suspect = true;
    }

    /** The sampler refused a job for want of room: no jobs go here until its next advert. */
    void full() {
        full = true;
    }

    /** Ready, and not silent since its last advert. */
    boolean answering() {
        return advert.ready() && !suspect;
    }

    /** Worth offering a job: answering, and no refusal for want of room since its last advert. */
    boolean open() {
        return answering() && !full;
    }

    boolean serves(String model) {
        return advert.models().stream().anyMatch(m -> m.name().equals(model));
    }

    int capacity() {
        return advert.capacity();
    }

    /** Items in flight: the advert's, plus this gateway's jobs it does not count. */
    int items() {
        return advert.live() + unadvertised.values().stream().mapToInt(Job::items).sum();
    }

    /** Models with items in flight (each costs the sampler one batched forward pass per tick). */
    Set<String> models() {
        Set<String> out = new HashSet<>(advert.running().keySet());
        unadvertised.values().forEach(j -> out.add(j.model()));
        return out;
    }

    /** Free slots as this gateway counts them. */
    int free() {
        return Math.max(0, capacity() - items());
    }
}
