package io.cmsisnn.emulation;

import io.cmsisnn.emulation.NnBufferSizes.Target;
import io.cmsisnn.emulation.NnTypes.Activation;
import io.cmsisnn.emulation.NnTypes.ConvParams;
import io.cmsisnn.emulation.NnTypes.Dims;
import io.cmsisnn.emulation.NnTypes.DwConvParams;
import io.cmsisnn.emulation.NnTypes.Tile;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineStep;

/**
 * The scratch an s8/s16 network needs: the largest {@code *_get_buffer_size} of any of its calls,
 * over the plain-C, DSP and Helium builds, so that one static buffer fits whichever build of the
 * kernels the generated code is linked with. Also the structs both the emulation and the C code
 * pass to the kernels.
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
                    max = Math.max(max, bytes(s, t));
                }
            }
        }
        return max;
    }

    static int bytes(AffineStep step, Target target) {
        if (step instanceof AffineStep.Convolution c) {
            if (c.depthwise()) {
                return c.int16() ? NnBufferSizes.depthwiseWrapperS16(target, dwParams(c), inputDims(c), filterDims(c))
                        : NnBufferSizes.depthwiseWrapperS8(target, dwParams(c), inputDims(c), filterDims(c), outputDims(c));
            }
            return c.int16() ? NnBufferSizes.convolveWrapperS16(target, inputDims(c), filterDims(c))
                    : NnBufferSizes.convolveWrapperS8(target, convParams(c), inputDims(c), filterDims(c), outputDims(c));
        }
        if (step instanceof AffineStep.FullyConnected f) {
            return f.int16() ? 0 : NnBufferSizes.fullyConnectedS8(target, new Dims(f.depth(), 1, 1, f.outputs()));
        }
        if (step instanceof AffineStep.Pool p && !p.max()) {
            return NnBufferSizes.avgPool(target, p.output().w(), p.input().c());
        }
        return 0;
    }

    static Dims inputDims(AffineStep.Convolution c) {
        return new Dims(1, c.input().h(), c.input().w(), c.input().c());
    }

    static Dims outputDims(AffineStep.Convolution c) {
        return new Dims(1, c.output().h(), c.output().w(), c.output().c());
    }

    /** Convolution [C_OUT, HK, WK, C_IN]; depthwise [1, HK, WK, C_OUT]. */
    static Dims filterDims(AffineStep.Convolution c) {
        return c.depthwise() ? new Dims(1, c.kh(), c.kw(), c.output().c()) : new Dims(c.output().c(), c.kh(), c.kw(), c.input().c());
    }

    static ConvParams convParams(AffineStep.Convolution c) {
        return new ConvParams(c.inputOffset(), c.outputOffset(), new Tile(c.strideW(), c.strideH()), new Tile(c.padLeft(), c.padTop()),
                new Tile(c.dilationW(), c.dilationH()), new Activation(c.actMin(), c.actMax()));
    }

    static DwConvParams dwParams(AffineStep.Convolution c) {
        return new DwConvParams(c.inputOffset(), c.outputOffset(), c.chMult(), new Tile(c.strideW(), c.strideH()),
                new Tile(c.padLeft(), c.padTop()), new Tile(c.dilationW(), c.dilationH()), new Activation(c.actMin(), c.actMax()));
    }
}
