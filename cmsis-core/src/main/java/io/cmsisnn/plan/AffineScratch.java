package io.cmsisnn.plan;

import io.cmsisnn.plan.NnBufferSizes.Target;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineStep;

/**
 * The scratch an s8/s16 network needs: the largest {@code *_get_buffer_size} of any of its calls,
 * over the plain-C, DSP and Helium builds, so that one static buffer fits whichever build of the
 * kernels the generated code is linked with, from the structs the step records give the calls.
 */
public final class AffineScratch {
    private AffineScratch() {
    }

    /** Bytes of the network's one scratch buffer (0 when no call needs one). */
    public static long bytes(AffineNetwork net) {
        long max = 0;
        for (AffineLayer l : net.layers()) {
            for (AffineStep s : l.steps()) {
                for (Target t : Target.values()) {
                    max = Math.max(max, s.accept(new StepScratch(t)));
                }
            }
        }
        return max;
    }

    /** Bytes one step's call asks for in one build; the generated loops and buffer-free kernels ask for none. */
    private record StepScratch(Target target) implements AffineStep.Visitor<Integer> {
        @Override
        public Integer convolution(AffineStep.Convolution c) {
            if (c.depthwise()) {
                return c.int16() ? NnBufferSizes.depthwiseWrapperS16(target, c.dwParams(), c.inputDims(), c.filterDims())
                        : NnBufferSizes.depthwiseWrapperS8(target, c.dwParams(), c.inputDims(), c.filterDims(), c.outputDims());
            }
            return c.int16() ? NnBufferSizes.convolveWrapperS16(target, c.inputDims(), c.filterDims())
                    : NnBufferSizes.convolveWrapperS8(target, c.convParams(), c.inputDims(), c.filterDims(), c.outputDims());
        }

        @Override
        public Integer fullyConnected(AffineStep.FullyConnected f) {
            return f.int16() ? 0 : NnBufferSizes.fullyConnectedS8(target, f.filterDims());
        }

        @Override
        public Integer pool(AffineStep.Pool p) {
            return p.max() ? 0 : NnBufferSizes.avgPool(target, p.output().w(), p.input().c());
        }

        @Override
        public Integer softmax(AffineStep.Softmax s) {
            return 0;
        }

        @Override
        public Integer softmaxS16(AffineStep.SoftmaxS16 s) {
            return 0;
        }

        @Override
        public Integer add(AffineStep.Add s) {
            return 0;
        }

        @Override
        public Integer table(AffineStep.Table s) {
            return 0;
        }

        @Override
        public Integer clamp(AffineStep.Clamp s) {
            return 0;
        }

        @Override
        public Integer concatSlice(AffineStep.ConcatSlice s) {
            return 0;
        }

        @Override
        public Integer pad(AffineStep.Pad s) {
            return 0;
        }

        @Override
        public Integer leakyRelu(AffineStep.LeakyRelu s) {
            return 0;
        }

        @Override
        public Integer requantize(AffineStep.Requantize s) {
            return 0;
        }
    }
}
