package io.guidestream.client;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The events of one job that its subscriber has not requested yet, with the protocol's own policy for a slow reader
 * (the server's preview gate does the same on the socket): {@link GenerationEvent.Accepted}, every
 * {@link GenerationEvent.Step} and {@link GenerationEvent.Done} are kept, in order; an intermediate
 * {@link GenerationEvent.Image} that is still waiting when a newer image of the same (kind, index) arrives is dropped,
 * and the newer one queues behind its own step. The last step's images are never dropped.
 *
 * <p>So the buffer stays bounded without ever losing telemetry: at most one entry per step, one waiting image per
 * (kind, index) of the batch, plus the final images. Thread-safe: the event loop offers, the subscriber's thread
 * may poll.
 */
final class EventBuffer {
    /** An image's place in the queue, emptied (not removed, which would cost a scan) when a newer one replaces it. */
    private static final class Slot {
        GenerationEvent.@Nullable Image image;

        Slot(GenerationEvent.Image image) {
            this.image = image;
        }
    }

    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final Map<String, Slot> waitingImages = new HashMap<>();
    private int lastStep = Integer.MAX_VALUE;
    /** Events waiting, not counting emptied slots. */
    private int live;
    private long dropped;

    synchronized void offer(GenerationEvent event) {
        if (event instanceof GenerationEvent.Accepted a) lastStep = a.steps();
        if (event instanceof GenerationEvent.Image image) {
            Slot slot = new Slot(image);
            Slot older = waitingImages.put(key(image), slot);
            GenerationEvent.Image waiting = older == null ? null : older.image;
            if (older != null && waiting != null && waiting.step() < lastStep) {
                older.image = null;
                dropped++;
                live--;
            }
            queue.addLast(slot);
        } else {
            queue.addLast(event);
        }
        live++;
    }

    /** The next event to deliver, or null when none waits. */
    synchronized @Nullable GenerationEvent poll() {
        while (!queue.isEmpty()) {
            Object head = queue.pollFirst();
            if (head instanceof GenerationEvent e) {
                live--;
                return e;
            }
            Slot slot = (Slot) head;
            GenerationEvent.Image image = slot.image;
            if (image != null) {
                waitingImages.remove(key(image), slot);
                live--;
                return image;
            }
        }
        return null;
    }

    synchronized boolean isEmpty() {
        return live == 0;
    }

    synchronized void clear() {
        queue.clear();
        waitingImages.clear();
        live = 0;
    }

    /** Images dropped so far because a newer one of the same (kind, index) replaced them. */
    synchronized long dropped() {
        return dropped;
    }

    private static String key(GenerationEvent.Image image) {
        return image.kind().wireName() + "/" + image.index();
    }
}
