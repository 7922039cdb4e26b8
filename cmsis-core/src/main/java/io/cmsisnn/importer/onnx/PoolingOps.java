package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;

import java.util.Arrays;
import java.util.List;

/** MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool on 1-D and 2-D inputs. */
final class PoolingOps {
    private PoolingOps() {
    }

    static void maxPool(ConversionContext c, OnnxNode n) {
        c.requireUnused(n, 1, "Indices");
        pool(c, n, Op.PoolKind.MAX, false);
    }

    static void averagePool(ConversionContext c, OnnxNode n) {
        // count_include_pad arrived in opset 7; before that padding never counted
        pool(c, n, Op.PoolKind.AVERAGE, n.integer("count_include_pad", 0) != 0);
    }

    static void globalAveragePool(ConversionContext c, OnnxNode n) {
        global(c, n, Op.PoolKind.AVERAGE);
    }

    static void globalMaxPool(ConversionContext c, OnnxNode n) {
        global(c, n, Op.PoolKind.MAX);
    }

    private static void pool(ConversionContext c, OnnxNode n, Op.PoolKind kind, boolean countIncludePad) {
        DataTensor x = SlidingWindow.requireImage(c.data(n, 0), n.opType());
        int[] kernel = n.ints("kernel_shape", null);
        if (kernel == null) {
            throw new NodeProblem("has no kernel_shape; the model is not valid ONNX");
        }
        SlidingWindow win = SlidingWindow.of(n, x, kernel);
        if (win.dilationH() != 1 || win.dilationW() != 1) {
            throw new NodeProblem("has dilations " + Arrays.toString(n.ints("dilations", null))
                    + "; pooling with dilation is not supported (the graph's Pool2D has none). Use dilation 1");
        }
        Padding pad = win.padding();
        if (n.integer("ceil_mode", 0) != 0) {
            pad = ceilPadding(x, win, countIncludePad);
        }
        Op op = new Op.Pool2D(kind, win.kh(), win.kw(), win.strideH(), win.strideW(), pad, countIncludePad);
        c.emitNatural(n, op, List.of(x.node()), x.rank());
    }

    /**
     * ceil_mode: the output length rounds up, but (as PyTorch and ONNX Runtime do) a last window that
     * would start beyond the input and its leading padding is dropped. The extra windows become
     * extra trailing padding, which a max never picks and a count-excluding average never counts.
     */
    private static Padding ceilPadding(DataTensor x, SlidingWindow win, boolean countIncludePad) {
        int[] size = SlidingWindow.spatialSize(x);
        Padding p = win.padding();
        int extraH = ceilExtra(size[0], win.kh(), win.strideH(), p.top(), p.bottom());
        int extraW = ceilExtra(size[1], win.kw(), win.strideW(), p.left(), p.right());
        if ((extraH > 0 || extraW > 0) && countIncludePad) {
            throw new NodeProblem("has ceil_mode=1 with count_include_pad=1 and a last window that reaches past the padding; "
                    + "ONNX divides such windows by a size the graph's Pool2D cannot express. Use ceil_mode=0 or "
                    + "count_include_pad=0 (PyTorch: ceil_mode=False or count_include_pad=False)");
        }
        return new Padding(p.top(), p.bottom() + extraH, p.left(), p.right() + extraW);
    }

    private static int ceilExtra(int in, int k, int stride, int before, int after) {
        int span = in + before + after - k;
        if (span < 0) {
            return 0;
        }
        int out = (span + stride - 1) / stride + 1;
        if ((out - 1) * stride >= in + before) {
            out--;
        }
        return Math.max(0, (out - 1) * stride + k - (in + before + after));
    }

    private static void global(ConversionContext c, OnnxNode n, Op.PoolKind kind) {
        DataTensor x = SlidingWindow.requireImage(c.data(n, 0), n.opType());
        c.emitNatural(n, new Op.GlobalPool(kind), List.of(x.node()), x.rank());
    }
}
