package io.cmsisnn.importer.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The ONNX ops (default domain) the converter reads, and who converts each. */
final class SupportedOps {
    private SupportedOps() {
    }

    /** Opsets whose semantics of these ops the converter follows (6 is what PyTorch 0.3 wrote). */
    static final int MIN_OPSET = 6;
    static final int MAX_OPSET = 20;

    private static final Map<String, OpConverter> CONVERTERS = converters();

    private static Map<String, OpConverter> converters() {
        Map<String, OpConverter> m = new TreeMap<>();
        m.put("Conv", ConvolutionOps::conv);
        m.put("Gemm", DenseOps::gemm);
        m.put("MatMul", DenseOps::matMul);
        m.put("Relu", ActivationOps::relu);
        m.put("Clip", ActivationOps::clip);
        m.put("LeakyRelu", ActivationOps::leakyRelu);
        m.put("Sigmoid", ActivationOps::sigmoid);
        m.put("Tanh", ActivationOps::tanh);
        m.put("Softmax", ActivationOps::softmax);
        m.put("LogSoftmax", ActivationOps::logSoftmax);
        m.put("MaxPool", PoolingOps::maxPool);
        m.put("AveragePool", PoolingOps::averagePool);
        m.put("GlobalAveragePool", PoolingOps::globalAveragePool);
        m.put("GlobalMaxPool", PoolingOps::globalMaxPool);
        m.put("BatchNormalization", NormalizationOps::batchNormalization);
        m.put("Add", ArithmeticOps::add);
        m.put("Sub", ArithmeticOps::sub);
        m.put("Mul", ArithmeticOps::mul);
        m.put("Div", ArithmeticOps::div);
        m.put("Concat", ConcatOps::concat);
        m.put("Pad", PadOps::pad);
        m.put("Flatten", ShapeOps::flatten);
        m.put("Reshape", ShapeOps::reshape);
        m.put("Squeeze", ShapeOps::squeeze);
        m.put("Unsqueeze", ShapeOps::unsqueeze);
        m.put("Transpose", ShapeOps::transpose);
        m.put("Identity", ShapeOps::identity);
        m.put("Dropout", ShapeOps::dropout);
        m.put("Constant", ConstantOps::constant);
        m.put("Shape", ConstantOps::shape);
        m.put("Gather", ConstantOps::gather);
        m.put("Cast", ConstantOps::cast);
        return Collections.unmodifiableMap(m);
    }

    /** The converter of a node, or null when its op (or domain) is not supported. */
    static OpConverter converterFor(OnnxNode n) {
        boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
        return defaultDomain ? CONVERTERS.get(n.opType()) : null;
    }

    static String list() {
        return String.join(", ", CONVERTERS.keySet());
    }
}
