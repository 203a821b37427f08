package io.guidestream;

import ai.djl.ndarray.NDManager;

/** Counts every NDArray alive in the engine (all managers under the system manager, recursively). */
public final class LiveArrays {
    private LiveArrays() {
    }

    public static int count() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
