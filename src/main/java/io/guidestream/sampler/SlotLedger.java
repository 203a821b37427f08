package io.guidestream.sampler;

import io.guidestream.bus.ErrorCode;
import io.guidestream.bus.GenerateCommand;
import io.guidestream.bus.JobEvent;
import io.guidestream.bus.SamplerStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sampler's {@code sampler.capacity} slots (one per image), held per job from the moment its command arrives until
 * its last message leaves. Admission is decided here, at once, whatever the sampler thread is doing, and adverts
 * count every job the sampler has taken, checked against its models or not yet. It also remembers job ids cancelled
 * before their command arrived (on the bus a cancel can overtake the command), so that such a job is refused rather
 * than run for nobody. Confined to the sampler front's event loop.
 */
final class SlotLedger {
    /** Early cancels remembered; far more than can be in flight between a gateway and a sampler. */
    private static final int EARLY_CANCELS = 4096;

    private final String node;
    private final int capacity;
    private final Map<String, Slots> held = new HashMap<>();
    private final Map<String, Boolean> cancelledEarly = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > EARLY_CANCELS;
        }
    };
    private int items;
    private long admissions;

    private record Slots(String model, int items) {
    }

    SlotLedger(String node, int capacity) {
        this.node = node;
        this.capacity = capacity;
    }

    /** Why the job cannot have slots here; null when it can. */
    JobEvent.Failed refusal(GenerateCommand cmd) {
        String id = cmd.jobId();
        if (cancelledEarly.containsKey(id)) {
            return new JobEvent.Failed(id, ErrorCode.CANCELLED, "job " + id + " was cancelled");
        }
        if (held.containsKey(id)) {
            return new JobEvent.Failed(id, ErrorCode.BAD_REQUEST, "job " + id + " is already running");
        }
        if (items + cmd.batch() <= capacity) return null;
        return new JobEvent.Failed(id, ErrorCode.CAPACITY, "sampler " + node + " is full: " + items + " of "
                + capacity + " items in flight, the job needs " + cmd.batch());
    }

    /** Holds slots for the job, which {@link #refusal} let in. */
    JobEvent.Reserved reserve(GenerateCommand cmd) {
        held.put(cmd.jobId(), new Slots(cmd.model(), cmd.batch()));
        items += cmd.batch();
        return new JobEvent.Reserved(cmd.jobId(), node, ++admissions);
    }

    /** Frees the job's slots (its last message is leaving); false if it held none. */
    boolean release(String jobId) {
        Slots s = held.remove(jobId);
        if (s == null) return false;
        items -= s.items();
        return true;
    }

    /** A cancel for {@code jobId}: true if the job holds slots here (the sampler thread must drop it). */
    boolean cancel(String jobId) {
        if (held.containsKey(jobId)) return true;
        cancelledEarly.put(jobId, Boolean.TRUE);
        return false;
    }

    /** This sampler's advert. */
    SamplerStatus status(boolean ready, List<SamplerStatus.ModelInfo> catalog) {
        Map<String, Integer> running = new TreeMap<>();
        held.values().forEach(s -> running.merge(s.model(), s.items(), Integer::sum));
        return new SamplerStatus(node, ready, items, capacity, catalog, admissions, running);
    }
}
