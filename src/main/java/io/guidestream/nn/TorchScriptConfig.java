package io.guidestream.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.guidestream.diffusion.ValueRange;

/**
 * A network that arrives as a TorchScript file (docs/MODELS.md): the file holds code and weights but says nothing
 * about shapes or conventions, so the card declares how the service calls it. An ε-network is called
 * {@code forward(x, t)}, or {@code forward(x, t, y)} when it takes classes; a noise-aware classifier
 * {@code forward(x, t)}; x is B×C×H×W float32 in the diffusion's {@link #valueRange}.
 *
 * @param imageChannels  C
 * @param imageSize      H = W
 * @param numClasses     ε-networks: classes of the label y they take (0: unconditional, no y); classifiers: logits
 * @param outputChannels ε-networks: channels of the output, C (ε alone) or 2C (ε and guided-diffusion's learned-range
 *                       variance v ∈ [−1, 1], {@code learn_sigma}); 0 for classifiers, which return B×numClasses
 * @param epsOffset      ε-networks: the first of the C channels that are ε (0 in guided-diffusion's [ε, v]; C for a
 *                       network that returns [v, ε]); the other C channels, if any, are v
 * @param timestepType   the type of t: the training index as {@code int64} (guided-diffusion, diffusers), or
 *                       {@code float32} (continuous-time networks, guided-diffusion's {@code rescale_timesteps})
 * @param timestepScale  the network sees t·scale, t the training index 0..T−1: 1 for the index itself, 1000/T for
 *                       guided-diffusion's {@code rescale_timesteps}, 1/T for a fraction; not 1 only with float32
 * @param valueRange     the range of clean images in the network's diffusion
 */
public record TorchScriptConfig(int imageChannels, int imageSize, int numClasses, int outputChannels, int epsOffset,
        TimestepType timestepType, double timestepScale, ValueRange valueRange) implements NetworkConfig {

    /** The largest image side accepted (memory of one validation pass, and a sanity bound on a card). */
    public static final int MAX_IMAGE_SIZE = 1024;
    public static final int MAX_CHANNELS = 16;
    public static final int MAX_CLASSES = 100_000;

    public TorchScriptConfig {
        require(imageChannels >= 1 && imageChannels <= MAX_CHANNELS, "imageChannels", "1.." + MAX_CHANNELS,
                imageChannels);
        require(imageSize >= 1 && imageSize <= MAX_IMAGE_SIZE, "imageSize", "1.." + MAX_IMAGE_SIZE, imageSize);
        require(numClasses >= 0 && numClasses <= MAX_CLASSES, "numClasses", "0.." + MAX_CLASSES, numClasses);
        require(outputChannels == 0 || outputChannels == imageChannels || outputChannels == 2 * imageChannels,
                "outputChannels", "0 (a classifier), " + imageChannels + " (ε) or " + 2 * imageChannels
                        + " (ε and a learned variance)", outputChannels);
        require(epsOffset == 0 || outputChannels == 2 * imageChannels && epsOffset == imageChannels, "epsOffset",
                "0, or " + imageChannels + " when outputChannels is " + 2 * imageChannels, epsOffset);
        require(timestepType != null, "timestepType", "int64 or float32", null);
        require(Double.isFinite(timestepScale) && timestepScale > 0 && timestepScale <= 1e6, "timestepScale",
                "in (0, 1e6]", timestepScale);
        require(timestepScale == 1 || timestepType == TimestepType.FLOAT32, "timestepScale",
                "1 unless timestepType is float32 (t·scale is not an integer)", timestepScale);
        require(valueRange != null, "valueRange", "\"-1..1\" or \"0..1\"", null);
    }

    private static void require(boolean ok, String field, String allowed, Object got) {
        if (!ok) throw new IllegalArgumentException(field + " must be " + allowed + ", got " + got);
    }

    /** Whether the output carries guided-diffusion's learned-range variance beside ε. */
    public boolean learnedVariance() {
        return outputChannels == 2 * imageChannels;
    }

    /** How t reaches the network. */
    public enum TimestepType {
        INT64("int64"), FLOAT32("float32");

        private final String wire;

        TimestepType(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static TimestepType parse(String text) {
            for (TimestepType t : values()) if (t.wire.equals(text.trim())) return t;
            throw new IllegalArgumentException("timestepType must be int64 or float32, got '" + text + "'");
        }
    }
}
