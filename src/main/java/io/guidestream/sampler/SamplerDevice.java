package io.guidestream.sampler;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.guidestream.config.DeviceChoice;

/**
 * Turns {@code sampler.device} into the DJL device the sampler loads its models on and computes on. A GPU needs the
 * PyTorch engine to have loaded a CUDA libtorch (k8s/README.md, "GPU samplers"); with the default CPU native library
 * it sees none, so {@code auto} falls back to the CPU and {@code gpu} refuses to start rather than run slowly.
 */
final class SamplerDevice {
    private SamplerDevice() {
    }

    static Device resolve(DeviceChoice choice) {
        return resolve(choice, Engine.getInstance().getGpuCount());
    }

    /** The device as a metric tag: {@code cpu}, {@code gpu0}, … */
    static String label(Device device) {
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }

    static Device resolve(DeviceChoice choice, int gpus) {
        return switch (choice) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus < 1) {
                    throw new IllegalStateException("sampler.device is gpu, but the PyTorch engine ("
                            + Engine.getInstance().getVersion() + ") sees no GPU: it needs a CUDA libtorch, see"
                            + " k8s/README.md (GPU samplers), or set sampler.device to auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }
}
