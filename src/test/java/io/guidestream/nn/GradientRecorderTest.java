package io.guidestream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GradientRecorderTest {
    @Test
    void gradientsOfASquareAreTwiceTheInput() {
        GradMode.disableOnThisThread();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, -2, 3});
            x.setRequiresGradient(true);
            try (GradientRecorder rec = GradientRecorder.start()) {
                rec.backward(x.square().sum());
            }
            assertEquals(List.of(2f, -4f, 6f), toList(x.getGradient().toFloatArray()));
        }
    }

    /** Three threads record and backpropagate at the same time, as sampler, trainer and evaluator do. */
    @Test
    void threadsRecordConcurrentlyWithoutInterfering() throws Exception {
        int threads = 3;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger checked = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            float k = t + 1;
            Thread w = new Thread(() -> {
                try (NDManager m = NDManager.newBaseManager()) {
                    GradMode.disableOnThisThread();
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(64, 64));
                        x.setRequiresGradient(true);
                        try (GradientRecorder rec = GradientRecorder.start()) {
                            rec.backward(x.matMul(x).sum().mul(k));
                        }
                        // d/dx sum(x·x) = 1·xᵀ + xᵀ·1 per element: row sums and column sums, times k
                        NDArray ones = m.ones(new ai.djl.ndarray.types.Shape(64, 64));
                        NDArray expected = ones.matMul(x.transpose()).add(x.transpose().matMul(ones)).mul(k);
                        float err = x.getGradient().sub(expected).abs().max().getFloat();
                        if (err > 1e-3f) throw new AssertionError("wrong gradient, error " + err);
                        x.close();
                        checked.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) w.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(threads * 200, checked.get());
    }

    private static List<Float> toList(float[] a) {
        List<Float> out = new ArrayList<>();
        for (float f : a) out.add(f);
        return out;
    }
}
