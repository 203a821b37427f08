package io.guidestream.diffusion;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Timestep respacing (guided-diffusion {@code respace.py}): sample with K of the T training steps.
 */
public final class Respacing {
    private Respacing() {
    }

    /**
     * {@code space_timesteps}: {@code "K1,K2,…"} splits [0, T) into equal sections and takes K_j evenly spaced
     * indices from section j (rounded half to even, as Python does); {@code "ddimK"} takes {0, s, 2s, …} with the
     * smallest stride s that gives exactly K indices.
     *
     * @return the retained indices, sorted ascending
     */
    public static int[] spaceTimesteps(int numTimesteps, String spec) {
        String s = spec.trim();
        if (s.startsWith("ddim")) {
            int desired = Integer.parseInt(s.substring(4));
            for (int stride = 1; stride < numTimesteps; stride++) {
                int count = (numTimesteps + stride - 1) / stride;
                if (count == desired) {
                    int[] out = new int[count];
                    for (int k = 0; k < count; k++) out[k] = k * stride;
                    return out;
                }
            }
            throw new IllegalArgumentException("cannot create exactly " + desired + " steps with an integer stride from "
                    + numTimesteps);
        }
        String[] parts = s.split(",");
        int sections = parts.length;
        int sizePer = numTimesteps / sections;
        int extra = numTimesteps % sections;
        int start = 0;
        TreeSet<Integer> all = new TreeSet<>();
        for (int j = 0; j < sections; j++) {
            int size = sizePer + (j < extra ? 1 : 0);
            int count = Integer.parseInt(parts[j].trim());
            if (count < 1 || count > size) {
                throw new IllegalArgumentException("cannot divide a section of " + size + " steps into " + count);
            }
            double frac = count == 1 ? 1 : (size - 1.0) / (count - 1);
            double cur = 0;
            for (int k = 0; k < count; k++) {
                // Python 3's round(), as respace.py: halves go to the even neighbour (999/24·4 = 166.5 → 166).
                all.add(start + (int) Math.rint(cur));
                cur += frac;
            }
            start += size;
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Evenly spaced indices for a plain step count: the same as {@code spaceTimesteps(T, "K")}, except that a single
     * step starts from pure noise (T−1) rather than ADM's index 0, which would return the noise unchanged.
     */
    public static int[] evenly(int numTimesteps, int steps) {
        if (steps == 1) return new int[] {numTimesteps - 1};
        return spaceTimesteps(numTimesteps, Integer.toString(steps));
    }

    /**
     * ADM's DDIM spacing: {@code "ddimK"} (stride s, indices 0, s, …, never T−1 unless K = T) when an integer stride
     * gives exactly K steps, else {@link #evenly}. Starting below T−1 matters for guided DDIM with the cosine
     * schedule: at T−1, ᾱ ≈ 2e-9, and DDIM maps a change of ε̂ into x̂0 through √(1/ᾱ) ≈ 2·10⁴, so a classifier
     * gradient would be amplified about 600-fold in the first step; from ᾱ(980) ≈ 1e-3 it is not amplified.
     */
    public static int[] strided(int numTimesteps, int steps) {
        for (int stride = 1; stride < numTimesteps; stride++) {
            if ((numTimesteps + stride - 1) / stride == steps) {
                return spaceTimesteps(numTimesteps, "ddim" + steps);
            }
        }
        return evenly(numTimesteps, steps);
    }

    /**
     * The respaced chain over the retained indices τ_0 &lt; … &lt; τ_{K−1}: β'_k = 1 − ᾱ_{τ_k}/ᾱ_{τ_{k−1}} with
     * ᾱ_{τ_{−1}} = 1, so that ᾱ' at k equals the original ᾱ at τ_k.
     */
    public static RespacedSchedule respace(NoiseSchedule base, int[] kept) {
        List<Integer> checked = new ArrayList<>();
        int last = -1;
        for (int k : kept) {
            if (k <= last || k >= base.length()) {
                throw new IllegalArgumentException("retained indices must be strictly increasing in [0, "
                        + base.length() + "), got " + k + " after " + last);
            }
            checked.add(k);
            last = k;
        }
        double[] betas = new double[kept.length];
        double prev = 1;
        for (int k = 0; k < kept.length; k++) {
            double ab = base.alphaBar(kept[k]);
            betas[k] = 1 - ab / prev;
            prev = ab;
        }
        return new RespacedSchedule(NoiseSchedule.fromBetas(betas), kept.clone());
    }
}
