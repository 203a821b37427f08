import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Writes the first {@code count} Gaussian draws of a job seeded with {@code seed}, as the sampler draws them
 * ({@code diffusion.HostNoise}: {@code (float) new SplittableRandom(seed).nextGaussian()}, one per value of x_T in
 * row-major order), as little-endian float32. The golden Python loop reads them instead of reproducing Java's
 * generator; {@code TorchScriptParityTest} checks that the sampler still draws exactly these values.
 *
 * <p>Run without a build: {@code java NoiseFile.java <seed> <count> <out.f32>}.
 */
public final class NoiseFile {
    public static void main(String[] args) throws IOException {
        long seed = Long.parseLong(args[0]);
        int count = Integer.parseInt(args[1]);
        SplittableRandom rng = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) buf.putFloat((float) rng.nextGaussian());
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(args[2]))) {
            out.write(buf.array());
        }
    }
}
