package io.cmsisnn.emulation;

import io.cmsisnn.quant.LegacyStep;
import io.cmsisnn.quant.LegacyStep.ConvGeometry;
import io.cmsisnn.quant.LegacyStep.TensorRef;
import java.util.List;
import java.util.Map;

/**
 * Runs the steps of one q7/q15 network run with the Java twins of the C functions, on that run's
 * tensors. The twins' status results are ignored, as the generated C ignores them: a refused call
 * leaves its output alone there too.
 */
final class LegacyStepRunner implements LegacyStep.Visitor<Void> {
    private final LegacyConstants constants;
    private final Map<String, int[]> tensors;
    private final boolean dsp;
    private final int bits;
    private final WordViews views = new WordViews();
    private LegacyStep current;
    /** Counts the saturation of the MAC steps run next; null (the plain runs) counts nothing. */
    private SaturationCounter counter;

    /**
     * @param tensors the run's tensors by name, written in place
     * @param dsp     whether the twins follow upstream's {@code ARM_MATH_DSP} paths
     * @param bits    the network's word size, which the generated loops take
     */
    LegacyStepRunner(LegacyConstants constants, Map<String, int[]> tensors, boolean dsp, int bits) {
        this.constants = constants;
        this.tensors = tensors;
        this.dsp = dsp;
        this.bits = bits;
    }

    /** The counter for the steps run next, or null to stop counting. */
    void count(SaturationCounter next) {
        this.counter = next;
    }

    void run(LegacyStep step) {
        current = step;
        step.accept(this);
        views.writeBack();
    }

    @Override
    public Void visit(LegacyStep.Copy s) {
        System.arraycopy(tensor(s.source()), s.source().offset(), tensor(s.destination()), s.destination().offset(), s.size());
        return null;
    }

    @Override
    public Void visit(LegacyStep.Convolution s) {
        ConvGeometry g = s.geometry();
        if (counter != null) {
            boolean q15 = s.kernel().function().contains("q15");
            int[] w = q15 ? LegacySaturation.ints(constants.q15(s.weights())) : LegacySaturation.ints(constants.q7(s.weights()));
            int[] bias = q15 ? LegacySaturation.ints(constants.q15(s.bias())) : LegacySaturation.ints(constants.q7(s.bias()));
            boolean sq = s.kernel().square(); // the square kernels read the x sizes for both axes
            LegacySaturation.conv(tensor(s.input()), s.input().offset(), g.inX(), sq ? g.inX() : g.inY(), g.chIn(), w, g.chOut(),
                    g.kernelX(), sq ? g.kernelX() : g.kernelY(), g.padX(), sq ? g.padX() : g.padY(), g.strideX(),
                    sq ? g.strideX() : g.strideY(), 1, 1, 1, LegacySaturation.nnInit(bias, s.biasShift(), s.outShift()), bias,
                    s.biasShift(), s.outShift(), g.outX(), sq ? g.outX() : g.outY(), q15 ? 16 : 8, counter);
        }
        switch (s.kernel()) {
            case Q7_BASIC -> LegacyConv.convolveHwcQ7Basic(q7(s.input()), g.inX(), g.chIn(), constants.q7(s.weights()), g.chOut(),
                    g.kernelX(), g.padX(), g.strideX(), constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(),
                    false);
            case Q7_FAST -> LegacyConv.convolveHwcQ7Fast(q7(s.input()), g.inX(), g.chIn(), constants.q7(s.weights()), g.chOut(),
                    g.kernelX(), g.padX(), g.strideX(), constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(),
                    false);
            case Q7_RGB -> LegacyConv.convolveHwcQ7Rgb(q7(s.input()), g.inX(), g.chIn(), constants.q7(s.weights()), g.chOut(),
                    g.kernelX(), g.padX(), g.strideX(), constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(),
                    false);
            case Q7_BASIC_NONSQUARE -> LegacyConv.convolveHwcQ7BasicNonsquare(q7(s.input()), g.inX(), g.inY(), g.chIn(),
                    constants.q7(s.weights()), g.chOut(), g.kernelX(), g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(),
                    constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(), g.outY(), false);
            case Q7_FAST_NONSQUARE -> LegacyConv.convolveHwcQ7FastNonsquare(q7(s.input()), g.inX(), g.inY(), g.chIn(),
                    constants.q7(s.weights()), g.chOut(), g.kernelX(), g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(),
                    constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(), g.outY(), false);
            case Q7_1X1_FAST_NONSQUARE -> LegacyConv.convolve1x1HwcQ7FastNonsquare(q7(s.input()), g.inX(), g.inY(), g.chIn(),
                    constants.q7(s.weights()), g.chOut(), g.kernelX(), g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(),
                    constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(), g.outY(), false);
            case Q15_BASIC -> LegacyConvQ15.convolveHwcQ15Basic(q15(s.input()), g.inX(), g.chIn(), constants.q15(s.weights()),
                    g.chOut(), g.kernelX(), g.padX(), g.strideX(), constants.q15(s.bias()), s.biasShift(), s.outShift(),
                    q15(s.output()), g.outX(), false);
            case Q15_FAST -> LegacyConvQ15.convolveHwcQ15Fast(q15(s.input()), g.inX(), g.chIn(), constants.q15(s.weights()),
                    g.chOut(), g.kernelX(), g.padX(), g.strideX(), constants.q15(s.bias()), s.biasShift(), s.outShift(),
                    q15(s.output()), g.outX(), dsp, false);
            case Q15_FAST_NONSQUARE -> LegacyConvQ15.convolveHwcQ15FastNonsquare(q15(s.input()), g.inX(), g.inY(), g.chIn(),
                    constants.q15(s.weights()), g.chOut(), g.kernelX(), g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(),
                    constants.q15(s.bias()), s.biasShift(), s.outShift(), q15(s.output()), g.outX(), g.outY(), false);
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.DepthwiseConvolution s) {
        ConvGeometry g = s.geometry();
        if (counter != null && g.chIn() == g.chOut()) {
            boolean sq = s.square();
            int[] bias = LegacySaturation.ints(constants.q7(s.bias()));
            LegacySaturation.depthwise(tensor(s.input()), s.input().offset(), g.inX(), sq ? g.inX() : g.inY(), g.chIn(), 1,
                    LegacySaturation.ints(constants.q7(s.weights())), g.kernelX(), sq ? g.kernelX() : g.kernelY(), g.padX(),
                    sq ? g.padX() : g.padY(), g.strideX(), sq ? g.strideX() : g.strideY(), 1, 1,
                    LegacySaturation.nnInit(bias, s.biasShift(), s.outShift()), bias, s.biasShift(), s.outShift(), g.outX(),
                    sq ? g.outX() : g.outY(), 8, counter);
        }
        if (s.square()) {
            LegacyDepthwise.depthwiseSeparableConvHwcQ7(q7(s.input()), g.inX(), g.chIn(), constants.q7(s.weights()), g.chOut(),
                    g.kernelX(), g.padX(), g.strideX(), constants.q7(s.bias()), s.biasShift(), s.outShift(), q7(s.output()), g.outX(),
                    false);
        } else {
            LegacyDepthwise.depthwiseSeparableConvHwcQ7Nonsquare(q7(s.input()), g.inX(), g.inY(), g.chIn(), constants.q7(s.weights()),
                    g.chOut(), g.kernelX(), g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(), constants.q7(s.bias()),
                    s.biasShift(), s.outShift(), q7(s.output()), g.outX(), g.outY(), false);
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.FullyConnected s) {
        // the twins with the weights kept as row-major ints, whatever order the C function reads
        int[] w = constants.fullyConnected(s.weights(), s.rows(), s.dimVec(), s.kernel().layout());
        if (counter != null) {
            boolean q15 = s.kernel() == LegacyStep.FcKernel.Q15 || s.kernel() == LegacyStep.FcKernel.Q15_OPT;
            int[] bias = q15 ? LegacySaturation.ints(constants.q15(s.bias())) : LegacySaturation.ints(constants.q7(s.bias()));
            LegacySaturation.fullyConnected(tensor(s.input()), s.input().offset(), 1, w, s.dimVec(), s.rows(),
                    LegacySaturation.nnInit(bias, s.biasShift(), s.outShift()), bias, s.biasShift(), s.outShift(), q15 ? 16 : 8,
                    counter);
        }
        switch (s.kernel()) {
            case Q7, Q7_OPT -> LegacyFullyConnected.q7RowMajor(q7(s.input()), w, s.dimVec(), s.rows(), s.biasShift(), s.outShift(),
                    constants.q7(s.bias()), q7(s.output()), false);
            case Q15, Q15_OPT -> LegacyFullyConnected.q15RowMajor(q15(s.input()), w, s.dimVec(), s.rows(), s.biasShift(), s.outShift(),
                    constants.q15(s.bias()), q15(s.output()), false);
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.Pool s) {
        if (s.max()) {
            LegacyPool.maxpoolQ7Hwc(q7(s.input()), s.dimIn(), s.channels(), s.kernel(), s.padding(), s.stride(), s.dimOut(),
                    q7(s.output()), dsp);
        } else {
            LegacyPool.avepoolQ7Hwc(q7(s.input()), s.dimIn(), s.channels(), s.kernel(), s.padding(), s.stride(), s.dimOut(),
                    q7(s.output()), dsp);
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.Relu s) {
        if (s.bits() == 8) {
            LegacyActivations.reluQ7(q7(s.data()), s.size());
        } else {
            LegacyActivations.reluQ15(q15(s.data()), s.size());
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.TableActivation s) {
        LegacyActivations.Type type = switch (s.type()) {
            case SIGMOID -> LegacyActivations.Type.SIGMOID;
            case TANH -> LegacyActivations.Type.TANH;
        };
        if (s.bits() == 8) {
            LegacyActivations.activationsDirectQ7(q7(s.data()), s.size(), s.intWidth(), type);
        } else {
            LegacyActivations.activationsDirectQ15(q15(s.data()), s.size(), s.intWidth(), type);
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.Softmax s) {
        if (s.bits() == 8) {
            LegacySoftmax.softmaxQ7(q7(s.input()), s.dimVec(), q7(s.output()));
        } else {
            LegacySoftmax.softmaxQ15(q15(s.input()), s.dimVec(), q15(s.output()));
        }
        return null;
    }

    @Override
    public Void visit(LegacyStep.SoftmaxWithBatch s) {
        LegacySoftmax.softmaxWithBatchQ7(q7(s.input()), s.batches(), s.dimVec(), q7(s.output()));
        return null;
    }

    @Override
    public Void visit(LegacyStep.GeneratedConv s) {
        if (counter != null) {
            int[] bias = constants.ints(s.bias());
            LegacySaturation.conv(whole(s.input()), 0, s.inW(), s.inH(), s.inC(), constants.ints(s.weights()), s.outC(), s.kW(),
                    s.kH(), s.padLeft(), s.padTop(), s.strideW(), s.strideH(), s.dilW(), s.dilH(), s.groups(),
                    LegacySaturation.loopInit(bias, s.outC(), s.biasShift(), s.outShift()), bias, s.biasShift(), s.outShift(),
                    s.outW(), s.outH(), bits, counter);
        }
        FixedLoops.conv(whole(s.input()), s.inH(), s.inW(), s.inC(), constants.ints(s.weights()), constants.ints(s.bias()), s.outC(),
                s.kH(), s.kW(), s.strideH(), s.strideW(), s.dilH(), s.dilW(), s.padTop(), s.padLeft(), s.groups(), s.biasShift(),
                s.outShift(), whole(s.output()), s.outH(), s.outW(), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.GeneratedDepthwise s) {
        if (counter != null) {
            int[] bias = constants.ints(s.bias());
            LegacySaturation.depthwise(whole(s.input()), 0, s.inW(), s.inH(), s.inC(), s.multiplier(), constants.ints(s.weights()),
                    s.kW(), s.kH(), s.padLeft(), s.padTop(), s.strideW(), s.strideH(), s.dilW(), s.dilH(),
                    LegacySaturation.loopInit(bias, s.inC() * s.multiplier(), s.biasShift(), s.outShift()), bias, s.biasShift(),
                    s.outShift(), s.outW(), s.outH(), bits, counter);
        }
        FixedLoops.depthwise(whole(s.input()), s.inH(), s.inW(), s.inC(), constants.ints(s.weights()), constants.ints(s.bias()),
                s.multiplier(), s.kH(), s.kW(), s.strideH(), s.strideW(), s.dilH(), s.dilW(), s.padTop(), s.padLeft(), s.biasShift(),
                s.outShift(), whole(s.output()), s.outH(), s.outW(), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.GeneratedDense s) {
        if (counter != null) {
            int[] bias = constants.ints(s.bias());
            LegacySaturation.fullyConnected(whole(s.input()), 0, s.positions(), constants.ints(s.weights()), s.inFeatures(),
                    s.outFeatures(), LegacySaturation.loopInit(bias, s.outFeatures(), s.biasShift(), s.outShift()), bias,
                    s.biasShift(), s.outShift(), bits, counter);
        }
        FixedLoops.dense(whole(s.input()), s.positions(), s.inFeatures(), constants.ints(s.weights()), constants.ints(s.bias()),
                s.outFeatures(), s.biasShift(), s.outShift(), whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.GeneratedPool s) {
        FixedLoops.pool(whole(s.input()), s.inH(), s.inW(), s.channels(), s.kH(), s.kW(), s.strideH(), s.strideW(), s.padTop(),
                s.padLeft(), s.max() ? 1 : 0, s.countIncludePad() ? 1 : 0, whole(s.output()), s.outH(), s.outW(), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.GlobalPool s) {
        FixedLoops.globalPool(whole(s.input()), s.hw(), s.channels(), s.max() ? 1 : 0, whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.ScaleShift s) {
        FixedLoops.scaleShift(whole(s.input()), s.hw(), s.channels(), constants.ints(s.scale()), constants.ints(s.shift()),
                s.biasShift(), s.outShift(), whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.Add s) {
        FixedLoops.add(wholes(s.inputs()), ints(s.shifts()), s.inputs().size(), s.size(), whole(s.output()), bits, counter);
        return null;
    }

    @Override
    public Void visit(LegacyStep.Concat s) {
        FixedLoops.concat(wholes(s.inputs()), ints(s.inner()), ints(s.shifts()), s.inputs().size(), s.outer(), whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.Requantize s) {
        FixedLoops.requantize(whole(s.input()), s.size(), s.shift(), whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.Clamp s) {
        FixedLoops.clamp(whole(s.input()), s.size(), s.lo(), s.hi(), whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.LeakyRelu s) {
        FixedLoops.leakyRelu(whole(s.input()), s.size(), s.alpha(), s.alphaFrac(), whole(s.output()), bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.Pad s) {
        FixedLoops.pad(whole(s.input()), s.inH(), s.inW(), s.channels(), s.top(), s.bottom(), s.left(), s.right(), whole(s.output()),
                bits);
        return null;
    }

    @Override
    public Void visit(LegacyStep.Upsample s) {
        FixedLoops.upsample(whole(s.input()), s.inH(), s.inW(), s.channels(), s.factorH(), s.factorW(), whole(s.output()), bits);
        return null;
    }

    private int[] tensor(TensorRef t) {
        int[] v = tensors.get(t.tensor());
        if (v == null) {
            throw new IllegalStateException(current.function() + " reads tensor '" + t.tensor() + "' before it is computed");
        }
        return v;
    }

    /** A whole tensor, shared, for the int twins of the generated loops. */
    private int[] whole(TensorRef t) {
        if (t.offset() != 0) {
            throw new IllegalStateException(current.function() + ": the int twins take whole tensors");
        }
        return tensor(t);
    }

    private int[][] wholes(List<TensorRef> refs) {
        int[][] out = new int[refs.size()][];
        for (int k = 0; k < refs.size(); k++) {
            out[k] = whole(refs.get(k));
        }
        return out;
    }

    private byte[] q7(TensorRef t) {
        return views.q7(tensor(t), t.offset());
    }

    private short[] q15(TensorRef t) {
        return views.q15(tensor(t), t.offset());
    }

    private static int[] ints(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }
}
