package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

import java.util.List;

import static io.cmsisnn.importer.onnx.OnnxModelBuilder.attr;
import static io.cmsisnn.importer.onnx.OnnxModelBuilder.intsAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** The op matrix of issue #4 as small models across opsets 7 to 20, each checked against ONNX Runtime. */
final class OracleCases {
    private OracleCases() {
    }

    static List<OracleCase> all() {
        return List.of(
                convSameUpperStrided(), convSameLowerEvenKernel(), convValidDilated(), convGroupedAsymmetricPads(),
                depthwiseWithMultiplier(), conv1dSame(), maxPoolCeilMode(), maxPoolCeilModeDropsLastWindow(),
                averagePoolCountingPads(), averagePoolCeilExcludingPads(), averagePool1d(), globalPoolsAddedThenGemm(),
                flattenOfImageIntoGemm(), reshapeMatMulAddSoftmax(), shapeArithmeticReshape(), clipAsRelu6(),
                clipWithMaxOnly(), clipAttributes(), leakyReluSigmoidTanh(), batchNormAfterConv(),
                batchNorm1dBetweenUnsqueezeAndSqueeze(), residualAdd(), concatChannels(), concatHeightAndWidth(),
                padFromInputs(), padWithAxes(), softmaxOverChannelsPerPosition(), softmaxOpset11Vector(),
                logSoftmaxAfterGemmDefaultAxis(), logSoftmaxOverChannelsPerPosition(), logSoftmaxOfLargeLogits(),
                keras2onnxImageInAndOut(), keras2onnxFlattenIntoDense(), dropoutIdentityShuffled(), typedInitializers(),
                initializersListedAsInputs(), arithmeticWithConstants(), batchNormOnFlattenedImage(), convThenBiasAdd(),
                gemmTransposedFalseScalarBias());
    }

    private static OracleCase convSameUpperStrided() {
        return OracleCase.of("Conv SAME_UPPER stride 2 (opset 11)", new OnnxModelBuilder(11).input("x", -1, 3, 7, 6)
                .randomWeight("w", 4, 3, 3, 3).randomWeight("b", 4).output("y")
                .node("Conv", List.of("x", "w", "b"), "y", attr("auto_pad", "SAME_UPPER"), intsAttr("strides", 2, 2)),
                -1, 3, 7, 6);
    }

    private static OracleCase convSameLowerEvenKernel() {
        return OracleCase.of("Conv SAME_LOWER even kernel (opset 13)", new OnnxModelBuilder(13).input("x", -1, 3, 7, 6)
                .randomWeight("w", 4, 3, 4, 2).output("y")
                .node("Conv", List.of("x", "w"), "y", attr("auto_pad", "SAME_LOWER"), intsAttr("strides", 1, 2)),
                -1, 3, 7, 6);
    }

    private static OracleCase convValidDilated() {
        return OracleCase.of("Conv VALID dilated (opset 17)", new OnnxModelBuilder(17).input("x", 1, 3, 9, 8)
                .randomWeight("w", 5, 3, 3, 3).randomWeight("b", 5).output("y")
                .node("Conv", List.of("x", "w", "b"), "y", attr("auto_pad", "VALID"), intsAttr("dilations", 2, 1)),
                1, 3, 9, 8);
    }

    private static OracleCase convGroupedAsymmetricPads() {
        return OracleCase.of("Conv group 2, asymmetric pads (opset 9)", new OnnxModelBuilder(9).input("x", -1, 4, 6, 5)
                .randomWeight("w", 6, 2, 3, 2).randomWeight("b", 6).output("y")
                .node("Conv", List.of("x", "w", "b"), "y", attr("group", 2L), intsAttr("pads", 1, 0, 2, 1)),
                -1, 4, 6, 5).checking(g -> assertThat(((Op.Conv2D) g.nodes().get(0).op()).groups()).isEqualTo(2));
    }

    private static OracleCase depthwiseWithMultiplier() {
        return OracleCase.of("Conv depthwise ×2 (opset 12)", new OnnxModelBuilder(12).input("x", -1, 3, 8, 8)
                .randomWeight("w", 6, 1, 3, 3).output("y")
                .node("Conv", List.of("x", "w"), "y", attr("group", 3L), intsAttr("pads", 1, 1, 1, 1), intsAttr("strides", 2, 2)),
                -1, 3, 8, 8).checking(g -> assertThat(g.nodes().get(0).op()).isInstanceOf(Op.DepthwiseConv2D.class));
    }

    private static OracleCase conv1dSame() {
        return OracleCase.of("Conv 1-D SAME_UPPER stride 2 (opset 15)", new OnnxModelBuilder(15).input("x", -1, 4, 9)
                .randomWeight("w", 5, 4, 3).randomWeight("b", 5).output("y")
                .node("Conv", List.of("x", "w", "b"), "y", attr("auto_pad", "SAME_UPPER"), intsAttr("strides", 2)),
                -1, 4, 9);
    }

    private static OracleCase maxPoolCeilMode() {
        return OracleCase.of("MaxPool ceil_mode (opset 10)", new OnnxModelBuilder(10).input("x", -1, 2, 7, 7).output("y")
                .node("MaxPool", List.of("x"), "y", intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2), attr("ceil_mode", 1L)),
                -1, 2, 7, 7).checking(g -> assertThat(g.outputShape().h()).isEqualTo(4));
    }

    /** in 4, pad 1, kernel 2, stride 3: rounding up gives 3 windows, but the third would start past the input. */
    private static OracleCase maxPoolCeilModeDropsLastWindow() {
        return OracleCase.of("MaxPool ceil_mode, last window dropped (opset 12)", new OnnxModelBuilder(12).input("x", -1, 2, 4, 4)
                .output("y").node("MaxPool", List.of("x"), "y", intsAttr("kernel_shape", 2, 2), intsAttr("strides", 3, 3),
                        intsAttr("pads", 1, 1, 1, 1), attr("ceil_mode", 1L)),
                -1, 2, 4, 4).checking(g -> assertThat(g.outputShape().h()).isEqualTo(2));
    }

    private static OracleCase averagePoolCountingPads() {
        return OracleCase.of("AveragePool count_include_pad=1 (opset 11)", new OnnxModelBuilder(11).input("x", -1, 3, 6, 6)
                .output("y").node("AveragePool", List.of("x"), "y", intsAttr("kernel_shape", 3, 3), intsAttr("strides", 2, 2),
                        intsAttr("pads", 1, 1, 1, 1), attr("count_include_pad", 1L)),
                -1, 3, 6, 6);
    }

    private static OracleCase averagePoolCeilExcludingPads() {
        return OracleCase.of("AveragePool ceil_mode, pads not counted (opset 19)", new OnnxModelBuilder(19).input("x", -1, 3, 6, 6)
                .output("y").node("AveragePool", List.of("x"), "y", intsAttr("kernel_shape", 3, 3), intsAttr("strides", 2, 2),
                        intsAttr("pads", 1, 1, 1, 1), attr("ceil_mode", 1L)),
                -1, 3, 6, 6);
    }

    private static OracleCase averagePool1d() {
        return OracleCase.of("AveragePool 1-D (opset 7)", new OnnxModelBuilder(7).input("x", -1, 3, 10).output("y")
                .node("AveragePool", List.of("x"), "y", intsAttr("kernel_shape", 3), intsAttr("strides", 2)),
                -1, 3, 10);
    }

    private static OracleCase globalPoolsAddedThenGemm() {
        return OracleCase.of("GlobalAveragePool + GlobalMaxPool, Add, Flatten, Gemm (opset 20)", new OnnxModelBuilder(20)
                .input("x", -1, 4, 5, 5).randomWeight("w", 3, 4).randomWeight("b", 3).output("y")
                .node("GlobalAveragePool", List.of("x"), "avg")
                .node("GlobalMaxPool", List.of("x"), "max")
                .node("Add", List.of("avg", "max"), "sum")
                .node("Flatten", List.of("sum"), "flat")
                .node("Gemm", List.of("flat", "w", "b"), "y", attr("transB", 1L)),
                -1, 4, 5, 5);
    }

    /** The Arm guide's case: a Gemm after the flatten of a C×H×W tensor; alpha, beta and transB=0 on top. */
    private static OracleCase flattenOfImageIntoGemm() {
        return OracleCase.of("Conv, Flatten of 6×4×5, Gemm alpha/beta (opset 9)", new OnnxModelBuilder(9)
                .input("x", -1, 3, 4, 5).randomWeight("cw", 6, 3, 1, 1).randomWeight("cb", 6)
                .randomWeight("w", 120, 7).randomWeight("c", 1, 7).output("y")
                .node("Conv", List.of("x", "cw", "cb"), "conv")
                .node("Relu", List.of("conv"), "relu")
                .node("Flatten", List.of("relu"), "flat", attr("axis", 1L))
                .node("Gemm", List.of("flat", "w", "c"), "y", attr("alpha", 0.5f), attr("beta", 2f)),
                -1, 3, 4, 5);
    }

    private static OracleCase reshapeMatMulAddSoftmax() {
        return OracleCase.of("Reshape [0,-1], MatMul + Add, Softmax (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 2, 3, 3).int64s("shape", 0, -1).randomWeight("w", 18, 5).randomWeight("b", 5).output("y")
                .node("Reshape", List.of("x", "shape"), "flat")
                .node("MatMul", List.of("flat", "w"), "mm")
                .node("Add", List.of("mm", "b"), "logits")
                .node("Softmax", List.of("logits"), "y", attr("axis", -1L)),
                -1, 2, 3, 3).checking(g -> assertThat(kinds(g)).containsExactly("Reshape", "Dense", "Softmax"));
    }

    /** x.view(x.size(0), -1) as older PyTorch exported it: Shape, Gather, Unsqueeze, Concat, Reshape. */
    private static OracleCase shapeArithmeticReshape() {
        return OracleCase.of("Shape/Gather/Unsqueeze/Concat into Reshape (opset 11)", new OnnxModelBuilder(11)
                .input("x", -1, 4, 2, 2).int64s("zero", 0).int64s("minus_one", -1).randomWeight("w", 3, 16)
                .randomWeight("b", 3).output("y")
                .node("Shape", List.of("x"), "shape")
                .node("Gather", List.of("shape", "zero"), "n", attr("axis", 0L))
                .node("Concat", List.of("n", "minus_one"), "target", attr("axis", 0L))
                .node("Reshape", List.of("x", "target"), "flat")
                .node("Gemm", List.of("flat", "w", "b"), "y", attr("transB", 1L)),
                -1, 4, 2, 2);
    }

    private static OracleCase clipAsRelu6() {
        float[] w = OnnxModelBuilder.random(4 * 3 * 9, 5);
        for (int i = 0; i < w.length; i++) {
            w[i] *= 6;
        }
        return OracleCase.of("Clip 0..6 from inputs is relu6 (opset 11)", new OnnxModelBuilder(11).input("x", -1, 3, 5, 5)
                .weight("w", new long[] {4, 3, 3, 3}, w).weight("lo", new long[0], new float[] {0})
                .weight("hi", new long[0], new float[] {6}).output("y")
                .node("Conv", List.of("x", "w"), "conv", intsAttr("pads", 1, 1, 1, 1))
                .node("Clip", List.of("conv", "lo", "hi"), "y"),
                -1, 3, 5, 5).checking(g -> assertThat(((Op.ActivationOp) g.nodes().get(1).op()).activation())
                        .isEqualTo(Activation.RELU6));
    }

    private static OracleCase clipWithMaxOnly() {
        return OracleCase.of("Clip with max only (opset 13)", new OnnxModelBuilder(13).input("x", -1, 6)
                .weight("hi", new long[0], new float[] {0.3f}).output("y")
                .node("Clip", "clip", List.of("x", "", "hi"), List.of("y")),
                -1, 6);
    }

    private static OracleCase clipAttributes() {
        return OracleCase.of("Clip bounds as attributes (opset 9)", new OnnxModelBuilder(9).input("x", -1, 2, 3, 3).output("y")
                .node("Clip", List.of("x"), "y", attr("min", -0.2f), attr("max", 0.4f)),
                -1, 2, 3, 3);
    }

    private static OracleCase leakyReluSigmoidTanh() {
        return OracleCase.of("LeakyRelu, Sigmoid, Tanh (opset 16)", new OnnxModelBuilder(16).input("x", -1, 3, 4).output("y")
                .node("LeakyRelu", List.of("x"), "a", attr("alpha", 0.2f))
                .node("Sigmoid", List.of("a"), "b")
                .node("Tanh", List.of("b"), "y"),
                -1, 3, 4);
    }

    private static OracleCase batchNormAfterConv() {
        return OracleCase.of("Conv, BatchNormalization, Relu (opset 15)", new OnnxModelBuilder(15).input("x", -1, 3, 5, 5)
                .randomWeight("w", 4, 3, 3, 3).randomWeight("gamma", 4).randomWeight("beta", 4).randomWeight("mean", 4)
                .weight("var", new long[] {4}, new float[] {0.5f, 1.5f, 2f, 0.1f}).output("y")
                .node("Conv", List.of("x", "w"), "conv")
                .node("BatchNormalization", List.of("conv", "gamma", "beta", "mean", "var"), "bn", attr("epsilon", 1e-3f))
                .node("Relu", List.of("bn"), "y"),
                -1, 3, 5, 5);
    }

    private static OracleCase batchNorm1dBetweenUnsqueezeAndSqueeze() {
        return OracleCase.of("Unsqueeze, 1-D BatchNormalization, Squeeze with axes inputs (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 6).int64s("axes", 2).randomWeight("gamma", 6).randomWeight("beta", 6).randomWeight("mean", 6)
                .weight("var", new long[] {6}, new float[] {1, 2, 3, 0.5f, 0.25f, 4}).randomWeight("w", 6, 3).output("y")
                .node("Unsqueeze", List.of("x", "axes"), "u")
                .node("BatchNormalization", List.of("u", "gamma", "beta", "mean", "var"), "bn")
                .node("Squeeze", List.of("bn", "axes"), "s")
                .node("MatMul", List.of("s", "w"), "y"),
                -1, 6);
    }

    private static OracleCase residualAdd() {
        return OracleCase.of("residual Conv, Relu, Conv + input (opset 14)", new OnnxModelBuilder(14).input("x", -1, 4, 5, 5)
                .randomWeight("w1", 4, 4, 3, 3).randomWeight("w2", 4, 4, 3, 3).randomWeight("b2", 4).output("y")
                .node("Conv", List.of("x", "w1"), "c1", intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", List.of("c1"), "r1")
                .node("Conv", List.of("r1", "w2", "b2"), "c2", intsAttr("pads", 1, 1, 1, 1))
                .node("Add", List.of("c2", "x"), "sum")
                .node("Relu", List.of("sum"), "y"),
                -1, 4, 5, 5).checking(g -> assertThat(g.nodes().get(3).op()).isEqualTo(new Op.Add()));
    }

    private static OracleCase concatChannels() {
        return OracleCase.of("Concat on channels (opset 13)", new OnnxModelBuilder(13).input("x", -1, 3, 5, 4)
                .randomWeight("wa", 3, 3, 1, 1).randomWeight("wb", 2, 3, 3, 3).randomWeight("wc", 2, 5, 1, 1).output("y")
                .node("Conv", List.of("x", "wa"), "a")
                .node("Conv", List.of("x", "wb"), "b", intsAttr("pads", 1, 1, 1, 1))
                .node("Concat", List.of("a", "b"), "cat", attr("axis", 1L))
                .node("Conv", List.of("cat", "wc"), "y"),
                -1, 3, 5, 4);
    }

    private static OracleCase concatHeightAndWidth() {
        return OracleCase.of("Concat on height and width (opset 13)", new OnnxModelBuilder(13).input("x", -1, 2, 3, 4).output("y")
                .node("Relu", List.of("x"), "a")
                .node("Sigmoid", List.of("x"), "b")
                .node("Concat", List.of("a", "b"), "tall", attr("axis", 2L))
                .node("Concat", List.of("tall", "tall"), "y", attr("axis", -1L)),
                -1, 2, 3, 4);
    }

    private static OracleCase padFromInputs() {
        return OracleCase.of("Pad with pads input, then Conv (opset 11)", new OnnxModelBuilder(11).input("x", -1, 2, 4, 4)
                .int64s("pads", 0, 0, 1, 2, 0, 0, 3, 0).randomWeight("w", 3, 2, 3, 3).output("y")
                .node("Pad", List.of("x", "pads"), "p")
                .node("Conv", List.of("p", "w"), "y"),
                -1, 2, 4, 4);
    }

    private static OracleCase padWithAxes() {
        return OracleCase.of("Pad with axes input (opset 18)", new OnnxModelBuilder(18).input("x", -1, 2, 3, 3)
                .int64s("pads", 1, 2, 0, 3).weight("zero", new long[0], new float[] {0}).int64s("axes", 2, -1).output("y")
                .node("Pad", List.of("x", "pads", "zero", "axes"), "y"),
                -1, 2, 3, 3);
    }

    private static OracleCase softmaxOverChannelsPerPosition() {
        return OracleCase.of("Softmax over channels of [N,5,3,4] (opset 13)", new OnnxModelBuilder(13).input("x", -1, 5, 3, 4)
                .output("y").node("Softmax", List.of("x"), "y", attr("axis", 1L)),
                -1, 5, 3, 4);
    }

    private static OracleCase softmaxOpset11Vector() {
        return OracleCase.of("Gemm, Softmax with default axis (opset 11)", new OnnxModelBuilder(11).input("x", -1, 7)
                .randomWeight("w", 7, 4).output("y")
                .node("Gemm", List.of("x", "w"), "g")
                .node("Softmax", List.of("g"), "y"),
                -1, 7);
    }

    /** PyTorch's classifier ending: Linear, then log_softmax; opset 9 coerces to 2-D from axis 1. */
    private static OracleCase logSoftmaxAfterGemmDefaultAxis() {
        return OracleCase.of("Gemm, LogSoftmax with default axis (opset 9)", new OnnxModelBuilder(9).input("x", -1, 8)
                .randomWeight("w", 5, 8).randomWeight("b", 5).output("y")
                .node("Gemm", List.of("x", "w", "b"), "g", attr("transB", 1L))
                .node("LogSoftmax", List.of("g"), "y"),
                -1, 8).checking(g -> assertThat(kinds(g)).containsExactly("Dense", "LogSoftmax"));
    }

    private static OracleCase logSoftmaxOverChannelsPerPosition() {
        return OracleCase.of("Conv, LogSoftmax over channels of [N,4,3,5] (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 3, 3, 5).randomWeight("w", 4, 3, 1, 1).output("y")
                .node("Conv", List.of("x", "w"), "c")
                .node("LogSoftmax", List.of("c"), "y", attr("axis", 1L)),
                -1, 3, 3, 5);
    }

    /** Logits 60 apart: the softmax of the smaller ones underflows to 0 in float, their log-softmax must stay finite. */
    private static OracleCase logSoftmaxOfLargeLogits() {
        float[] w = new float[4 * 6];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) * 30f;
        }
        return OracleCase.of("MatMul with logits ~100 apart, LogSoftmax axis -1 (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 4).weight("w", new long[] {4, 6}, w).output("y")
                .node("MatMul", List.of("x", "w"), "m")
                .node("LogSoftmax", List.of("m"), "y", attr("axis", -1L)),
                -1, 4);
    }

    /** keras2onnx: NHWC in, Transpose to NCHW, work, Transpose back; the graph keeps the data where it is. */
    private static OracleCase keras2onnxImageInAndOut() {
        return OracleCase.of("NHWC input and output around Transpose pairs (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 6, 5, 3).randomWeight("w", 4, 3, 3, 3).randomWeight("b", 4).output("y")
                .node("Transpose", List.of("x"), "nchw", intsAttr("perm", 0, 3, 1, 2))
                .node("Conv", List.of("nchw", "w", "b"), "conv", intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", List.of("conv"), "relu")
                .node("Transpose", List.of("relu"), "y", intsAttr("perm", 0, 2, 3, 1)),
                -1, 6, 5, 3).nhwcData().checking(g -> assertThat(kinds(g)).containsExactly("Conv2D", "Activation(relu)"));
    }

    private static OracleCase keras2onnxFlattenIntoDense() {
        return OracleCase.of("Transpose back to NHWC, Reshape, MatMul + Add (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 4, 4, 2).randomWeight("w", 3, 2, 3, 3).int64s("shape", -1, 12).randomWeight("d", 12, 5)
                .randomWeight("b", 5).output("y")
                .node("Transpose", List.of("x"), "nchw", intsAttr("perm", 0, 3, 1, 2))
                .node("Conv", List.of("nchw", "w"), "conv", intsAttr("pads", 0, 0, 0, 0), intsAttr("strides", 1, 1))
                .node("Transpose", List.of("conv"), "nhwc", intsAttr("perm", 0, 2, 3, 1))
                .node("Reshape", List.of("nhwc", "shape"), "flat")
                .node("MatMul", List.of("flat", "d"), "mm")
                .node("Add", List.of("mm", "b"), "y"),
                -1, 4, 4, 2).nhwcData();
    }

    private static OracleCase dropoutIdentityShuffled() {
        OnnxModelBuilder b = new OnnxModelBuilder(12).input("x", -1, 3, 4, 4).weight("ratio", new long[0], new float[] {0.5f})
                .output("y")
                .node("Relu", List.of("d"), "y")
                .node("Dropout", "drop", List.of("i", "ratio"), List.of("d"))
                .node("Identity", List.of("x"), "i");
        return OracleCase.of("Identity, Dropout, nodes listed backwards (opset 12)", b, -1, 3, 4, 4)
                .checking(g -> assertThat(kinds(g)).containsExactly("Identity", "Identity", "Activation(relu)"));
    }

    private static OracleCase typedInitializers() {
        float[] w = OnnxModelBuilder.random(4 * 2 * 2 * 2, 11);
        TensorProto.Builder bias = TensorProto.newBuilder().setName("b").setDataType(TensorProto.DataType.DOUBLE_VALUE).addDims(4);
        for (double v : new double[] {0.25, -0.5, 1.0, 0.125}) {
            bias.addDoubleData(v);
        }
        TensorProto.Builder shape = TensorProto.newBuilder().setName("shape").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(3).setRawData(com.google.protobuf.ByteString.copyFrom(new byte[] {
                        1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1}));
        // [1, 4, 2, 2] → [1, 4, 4] keeps the channels: the HWC data stays as it is, only its shape becomes 1×4×4
        return OracleCase.of("float_data weights, double bias, raw int64 shape (opset 9)", new OnnxModelBuilder(9)
                .input("x", 1, 2, 3, 3).typedWeight("w", new long[] {4, 2, 2, 2}, w).initializer(bias.build())
                .initializer(shape.build()).output("y")
                .node("Cast", List.of("b"), "bf", attr("to", (long) TensorProto.DataType.FLOAT_VALUE))
                .node("Conv", List.of("x", "w", "bf"), "conv")
                .node("Reshape", List.of("conv", "shape"), "y"),
                1, 2, 3, 3).checking(g -> {
                    assertThat(kinds(g)).containsExactly("Conv2D", "Reshape");
                    assertThat(g.outputShape()).isEqualTo(new Shape(1, 4, 4));
                });
    }

    /** Exporters before IR 4 list every initializer among the graph inputs too. */
    private static OracleCase initializersListedAsInputs() {
        OnnxModelBuilder b = new OnnxModelBuilder(9).input("x", -1, 5).randomWeight("w", 3, 5).randomWeight("b", 3).output("y")
                .node("Gemm", List.of("x", "w", "b"), "y", attr("transB", 1L));
        b.graph().addInput(OnnxModelBuilder.valueInfo("w", TensorProto.DataType.FLOAT_VALUE, 3, 5))
                .addInput(OnnxModelBuilder.valueInfo("b", TensorProto.DataType.FLOAT_VALUE, 3));
        return OracleCase.of("initializers also listed as graph inputs (opset 9)", b, -1, 5);
    }

    private static OracleCase arithmeticWithConstants() {
        return OracleCase.of("Mul, Sub, Div, Sub by per-channel and scalar constants (opset 14)", new OnnxModelBuilder(14)
                .input("x", -1, 3, 2, 2).weight("scale", new long[] {3, 1, 1}, new float[] {0.5f, -2f, 3f})
                .weight("s", new long[0], new float[] {0.25f}).weight("d", new long[] {1, 3, 1, 1}, new float[] {4f, 0.5f, -1f})
                .output("y")
                .node("Mul", List.of("x", "scale"), "m")
                .node("Sub", List.of("m", "s"), "a")
                .node("Div", List.of("a", "d"), "q")
                .node("Sub", List.of("s", "q"), "y"),
                -1, 3, 2, 2);
    }

    /** The flattened features stay in HWC order through a 1-D BatchNormalization and Relu, and the Gemm follows. */
    private static OracleCase batchNormOnFlattenedImage() {
        return OracleCase.of("Flatten, 1-D BatchNormalization, Relu, Gemm (opset 9)", new OnnxModelBuilder(9)
                .input("x", -1, 2, 3, 3).randomWeight("gamma", 18).randomWeight("beta", 18).randomWeight("mean", 18)
                .weight("var", new long[] {18}, positive(18)).randomWeight("w", 4, 18).randomWeight("b", 4)
                .output("y")
                .node("Flatten", List.of("x"), "flat")
                .node("BatchNormalization", List.of("flat", "gamma", "beta", "mean", "var"), "bn")
                .node("Relu", List.of("bn"), "r")
                .node("Gemm", List.of("r", "w", "b"), "y", attr("transB", 1L)),
                -1, 2, 3, 3);
    }

    private static OracleCase convThenBiasAdd() {
        return OracleCase.of("Conv without bias, then Add of a per-channel constant (opset 13)", new OnnxModelBuilder(13)
                .input("x", -1, 2, 4, 4).randomWeight("w", 3, 2, 3, 3).randomWeight("b", 1, 3, 1, 1).output("y")
                .node("Conv", List.of("x", "w"), "conv")
                .node("Add", List.of("b", "conv"), "y"),
                -1, 2, 4, 4).checking(g -> {
                    assertThat(kinds(g)).containsExactly("Conv2D");
                    assertThat(g.nodes().get(0).source()).isEqualTo("Conv+Add");
                });
    }

    private static OracleCase gemmTransposedFalseScalarBias() {
        return OracleCase.of("Gemm transB=0 with scalar C (opset 8)", new OnnxModelBuilder(8).input("x", -1, 6)
                .randomWeight("w", 6, 2).weight("c", new long[] {1}, new float[] {0.75f}).output("y")
                .node("Gemm", List.of("x", "w", "c"), "y", attr("beta", 0.5f)),
                -1, 6);
    }

    private static float[] positive(int n) {
        float[] v = OnnxModelBuilder.random(n, 3);
        for (int i = 0; i < n; i++) {
            v[i] = Math.abs(v[i]) + 0.1f;
        }
        return v;
    }

    static List<String> kinds(Graph g) {
        return g.nodes().stream().map(Node::op).map(Op::kind).toList();
    }
}
