package io.guidestream.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvolutionCheckTest {
    @Test
    void ourConvolutionsAreRightOnThisHost() {
        ConvolutionCheck.Report report = ConvolutionCheck.run();

        assertTrue(report.ok(), "float32 convolutions disagree with float64: " + report.failures());
    }

    @Test
    void aWrongInputGradientOnlyInSmallChannelCountsIsReportedWithItsShape() {
        // The failure seen on Zen 5 VMs: outputs and weight gradients right, input gradients wrong below 16 channels.
        ConvolutionCheck.Report report = ConvolutionCheck.run((x, w, stride) -> {
            NDArray[] r = exact(x, w, stride);
            boolean broken = x.getDataType() == DataType.FLOAT32 && w.getShape().get(0) < 16;
            return broken ? new NDArray[] {r[0], r[1], r[2].mul(0.5)} : r;
        });

        assertEquals(4, report.failures().size(), report.failures().toString());
        assertTrue(report.failures().contains("32→1 channels, stride 1, 28×28: input gradient off by 0.50 (relative)"),
                report.failures().toString());
        assertTrue(report.failures().stream().allMatch(f -> f.contains("input gradient")));
    }

    @Test
    void notANumberIsAFailure() {
        ConvolutionCheck.Report report = ConvolutionCheck.run((x, w, stride) -> {
            NDArray[] r = exact(x, w, stride);
            return x.getDataType() == DataType.FLOAT32 ? new NDArray[] {r[0], r[1].mul(Float.NaN), r[2]} : r;
        });

        assertEquals(ConvolutionCheck.CASES.size(), report.failures().size());
        String first = report.failures().get(0);
        assertTrue(first.endsWith("weight gradient off by NaN (relative)"), first);
    }

    @Test
    void thePlainCheckOfOurShapesCoversExactlyTheShapesThePaddingAvoids() {
        assertEquals(List.of("32→1 channels, stride 1, 28×28", "1→8 channels, stride 1, 28×28",
                "8→8 channels, stride 1, 28×28", "8→1 channels, stride 1, 28×28"),
                ConvolutionCheck.unalignedCases().stream().map(Object::toString).toList());
    }

    @Test
    void withoutPaddingTheConvolutionIsThePlainOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(2, 8, 12, 12));
            NDArray w = manager.randomNormal(new Shape(1, 8, 3, 3));
            NDArray b = manager.randomNormal(new Shape(1));
            Shape one = new Shape(1, 1);
            NDArray padded = AlignedConv2d.convolve(x, w, b, one, one);
            AlignedConv2d.padChannels(false);
            try {
                NDArray plain = AlignedConv2d.convolve(x, w, b, one, one);
                assertEquals(Conv2d.conv2d(x, w, b, one, one).singletonOrThrow(), plain);
                assertTrue(plain.allClose(padded, 1e-5, 1e-5, false));
            } finally {
                AlignedConv2d.padChannels(true);
            }
        }
    }

    /** The convolution in float64 whatever the input type: right on every host. */
    private static NDArray[] exact(NDArray x0, NDArray w0, int stride) {
        DataType type = x0.getDataType();
        NDArray x = x0.toType(DataType.FLOAT64, true);
        NDArray w = w0.toType(DataType.FLOAT64, true);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientRecorder recorder = GradientRecorder.start()) {
            NDArray bias = x.getManager().zeros(new Shape(w.getShape().get(0)), DataType.FLOAT64);
            y = Conv2d.conv2d(x, w, bias, new Shape(stride, stride), new Shape(1, 1)).singletonOrThrow();
            recorder.backward(y.square().sum().div(2));
        }
        return new NDArray[] {y.toType(type, true), w.getGradient().toType(type, true),
            x.getGradient().toType(type, true)};
    }
}
