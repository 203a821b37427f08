package io.guidestream.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Keeps the engine's tensor memory in the process between network passes, instead of handing it back to the kernel
 * after every operator.
 *
 * <p>Why: PyTorch allocates a CPU tensor with {@code malloc} and frees it as soon as the operator that used it is done.
 * glibc serves blocks of 128 KiB and more (a batch-4 feature map of the U-Net is 400 KiB) with a fresh {@code mmap},
 * and trims the top of its heaps on {@code free}; it raises both thresholds by itself only after it has freed a large
 * mapped block. So whether a network pass touches new pages depends on what the process did before: measured with the
 * shipped U-Net at one PyTorch thread (docs/ARCHITECTURE.md, "Native memory"), a fresh process made 9,700 page faults
 * per batch-4 step (50.6 ms against 28.1), and one that had run the convolution check first (as the service's commands
 * do) 80. Two settings together hold batch 1 and 4 to a few dozen faults whatever ran before, each alone does not:
 * blocks up to {@link #MMAP_THRESHOLD} come from the heap, and a heap keeps up to {@link #TRIM_THRESHOLD} free at its
 * top. (Batches of 16 and 64 still fault, from a hundred to 12,000 times a step, with or without them.)
 *
 * <p>Set once, at process start, by every command that runs networks ({@code app.Main}) and by the benchmarks; a no-op
 * where the C library is not glibc. {@code -Dguidestream.nativeHeap=default} leaves glibc's own behaviour (for a
 * side-by-side).
 */
public final class NativeHeap {
    /** glibc's {@code M_TRIM_THRESHOLD}. */
    static final int M_TRIM_THRESHOLD = -1;
    /** glibc's {@code M_MMAP_THRESHOLD}. */
    static final int M_MMAP_THRESHOLD = -3;
    /** Blocks below this come from the heap: glibc's largest allowed value on 64-bit hosts (32 MiB). */
    static final int MMAP_THRESHOLD = 32 << 20;
    /** Free memory a heap keeps at its top before returning it: two of the largest heap blocks. */
    static final int TRIM_THRESHOLD = 64 << 20;
    static final String PROPERTY = "guidestream.nativeHeap";

    /** What {@link #configure} did. */
    public enum Outcome {
        /** Both thresholds set. */
        TUNED,
        /** Left to the C library: {@code -Dguidestream.nativeHeap=default}. */
        LEFT_BY_REQUEST,
        /** Not glibc (another OS, or musl), so nothing to set. */
        NOT_GLIBC,
        /** glibc refused a value (a build with other limits). */
        REFUSED
    }

    private static Outcome outcome;

    private NativeHeap() {
    }

    /** Sets the thresholds on the first call; later calls return the first call's outcome. */
    public static synchronized Outcome configure() {
        if (outcome == null) outcome = apply();
        return outcome;
    }

    private static Outcome apply() {
        if ("default".equals(System.getProperty(PROPERTY))) return Outcome.LEFT_BY_REQUEST;
        if (!Platform.isLinux()) return Outcome.NOT_GLIBC;
        NativeLibrary libc;
        Function mallopt;
        try {
            libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            libc.getFunction("gnu_get_libc_version"); // glibc only: musl has mallopt, but as a no-op
            mallopt = libc.getFunction("mallopt");
        } catch (UnsatisfiedLinkError notGlibc) {
            return Outcome.NOT_GLIBC;
        }
        boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1;
        boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
        return mmap && trim ? Outcome.TUNED : Outcome.REFUSED;
    }

    /** One line for a benchmark's header or a log. */
    public static String describe() {
        Outcome o = configure();
        return o == Outcome.TUNED ? "native heap kept (mmap threshold " + (MMAP_THRESHOLD >> 20) + " MiB, trim "
                + (TRIM_THRESHOLD >> 20) + " MiB)" : "native heap " + o.name().toLowerCase(java.util.Locale.ROOT);
    }
}
