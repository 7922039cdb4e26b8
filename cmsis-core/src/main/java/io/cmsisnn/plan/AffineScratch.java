package io.cmsisnn.plan;

import io.cmsisnn.plan.NnBufferSizes.Target;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.quant.NnTypes.Activation;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.Tile;

/**
 * The scratch an s8/s16 network needs: the largest {@code *_get_buffer_size} of any of its calls,
 * over the plain-C, DSP and Helium builds, so that one static buffer fits whichever build of the
 * kernels the generated code is linked with. Also the convolution structs the sizes are computed
 * from, so the emulation passes its kernels the very same ones.
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

    public static Dims inputDims(AffineStep.Convolution c) {
        return new Dims(1, c.input().h(), c.input().w(), c.input().c());
    }

    public static Dims outputDims(AffineStep.Convolution c) {
        return new Dims(1, c.output().h(), c.output().w(), c.output().c());
    }

    /** Convolution [C_OUT, HK, WK, C_IN]; depthwise [1, HK, WK, C_OUT]. */
    public static Dims filterDims(AffineStep.Convolution c) {
        return c.depthwise() ? new Dims(1, c.kh(), c.kw(), c.output().c()) : new Dims(c.output().c(), c.kh(), c.kw(), c.input().c());
    }

    public static ConvParams convParams(AffineStep.Convolution c) {
        return new ConvParams(c.inputOffset(), c.outputOffset(), new Tile(c.strideW(), c.strideH()), new Tile(c.padLeft(), c.padTop()),
                new Tile(c.dilationW(), c.dilationH()), new Activation(c.actMin(), c.actMax()));
    }

    public static DwConvParams dwParams(AffineStep.Convolution c) {
        return new DwConvParams(c.inputOffset(), c.outputOffset(), c.chMult(), new Tile(c.strideW(), c.strideH()),
                new Tile(c.padLeft(), c.padTop()), new Tile(c.dilationW(), c.dilationH()), new Activation(c.actMin(), c.actMax()));
    }

    /** Bytes one step's call asks for in one build; the generated loops and buffer-free kernels ask for none. */
    private record StepScratch(Target target) implements AffineStep.Visitor<Integer> {
        @Override
        public Integer convolution(AffineStep.Convolution c) {
            if (c.depthwise()) {
                return c.int16() ? NnBufferSizes.depthwiseWrapperS16(target, dwParams(c), inputDims(c), filterDims(c))
                        : NnBufferSizes.depthwiseWrapperS8(target, dwParams(c), inputDims(c), filterDims(c), outputDims(c));
            }
            return c.int16() ? NnBufferSizes.convolveWrapperS16(target, inputDims(c), filterDims(c))
                    : NnBufferSizes.convolveWrapperS8(target, convParams(c), inputDims(c), filterDims(c), outputDims(c));
        }

        @Override
        public Integer fullyConnected(AffineStep.FullyConnected f) {
            return f.int16() ? 0 : NnBufferSizes.fullyConnectedS8(target, new Dims(f.depth(), 1, 1, f.outputs()));
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
    }
}
