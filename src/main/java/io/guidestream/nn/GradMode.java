package io.guidestream.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd mode is thread-local and on by default; DJL switches it off only on the thread that creates the
 * engine. Every thread that runs DJL work (trainer, sampler, evaluator workers) calls {@link #disableOnThisThread}
 * first: otherwise in-place weight updates fail ("a leaf Variable that requires grad is being used in an in-place
 * operation") and inference records graphs nobody needs. Gradient collectors turn it on for their scope only.
 */
public final class GradMode {
    private GradMode() {
    }

    public static void disableOnThisThread() {
        // The JNI call needs the native library, which only the engine's start loads: in a fresh JVM (serve, eval)
        // this may be the first DJL call of all, and calling JniUtils first fails with an UnsatisfiedLinkError.
        Engine.getEngine(PtEngine.ENGINE_NAME);
        JniUtils.setGradMode(false);
    }
}
