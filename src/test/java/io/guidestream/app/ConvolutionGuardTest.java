package io.guidestream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConvolutionGuardTest {
    @Test
    void theChildRunsTheSameCommandWithTheSameJvmOptionsAndClassPath() {
        List<String> command = ConvolutionGuard.command("/usr/bin/java", List.of("-Xmx4g", "-Dai.djl.offline=true"),
                "runs/.app/guidestream.jar", new String[] {"train", "fashion-cond", "8000", "--runs", "checkpoints"});

        assertEquals(List.of("/usr/bin/java", "-Xmx4g", "-Dai.djl.offline=true", "-cp", "runs/.app/guidestream.jar",
                "io.guidestream.app.Main", "train", "fashion-cond", "8000", "--runs", "checkpoints"), command);
    }

    @Test
    void serveWithoutArgumentsStaysServe() {
        List<String> command = ConvolutionGuard.command("java", List.of(), "target/guidestream.jar", new String[0]);

        assertEquals(List.of("java", "-cp", "target/guidestream.jar", "io.guidestream.app.Main"), command);
    }
}
