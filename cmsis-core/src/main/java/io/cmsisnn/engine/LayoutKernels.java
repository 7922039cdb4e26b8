package io.cmsisnn.engine;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.List;

/** Kernels that only move values: no arithmetic, so results are exact. */
final class LayoutKernels {
    private LayoutKernels() {
    }

    /** Reshape and Identity: HWC row-major order is kept, so the data is copied as it is. */
    static Kernel copy() {
        return (xs, y) -> System.arraycopy(xs[0], 0, y, 0, y.length);
    }

    /**
     * Concatenation along H, W or C. Each input is a run of {@code outer} blocks of
     * {@code block} contiguous values that land {@code stride} apart in the output.
     */
    static Kernel concat(Op.Axis axis, List<Shape> inputs, Shape out) {
        int n = inputs.size();
        int[] outer = new int[n];
        int[] block = new int[n];
        int[] offset = new int[n];
        int stride = switch (axis) {
            case H -> out.size();
            case W -> out.w() * out.c();
            case C -> out.c();
        };
        int along = 0;
        for (int k = 0; k < n; k++) {
            Shape s = inputs.get(k);
            switch (axis) {
                case H -> {
                    outer[k] = 1;
                    block[k] = s.size();
                    offset[k] = along * out.w() * out.c();
                    along += s.h();
                }
                case W -> {
                    outer[k] = s.h();
                    block[k] = s.w() * s.c();
                    offset[k] = along * out.c();
                    along += s.w();
                }
                case C -> {
                    outer[k] = s.h() * s.w();
                    block[k] = s.c();
                    offset[k] = along;
                    along += s.c();
                }
            }
        }
        return (xs, y) -> {
            for (int k = 0; k < n; k++) {
                for (int r = 0; r < outer[k]; r++) {
                    System.arraycopy(xs[k], r * block[k], y, offset[k] + r * stride, block[k]);
                }
            }
        };
    }

    /** Constant padding: each input row lands inside an output filled with {@code value}. */
    static Kernel pad(Padding p, float value, Shape in, Shape out) {
        int rowLength = in.w() * in.c();
        return (xs, y) -> {
            java.util.Arrays.fill(y, value);
            for (int h = 0; h < in.h(); h++) {
                System.arraycopy(xs[0], h * rowLength, y, ((h + p.top()) * out.w() + p.left()) * out.c(), rowLength);
            }
        };
    }

    /** Nearest neighbour: {@code out[y][x] = in[y / factorH][x / factorW]}. */
    static Kernel upsample(Op.Upsample u, Shape in, Shape out) {
        int c = in.c();
        return (xs, y) -> {
            for (int oy = 0; oy < out.h(); oy++) {
                int rowBase = (oy / u.factorH()) * in.w();
                for (int ox = 0; ox < out.w(); ox++) {
                    System.arraycopy(xs[0], (rowBase + ox / u.factorW()) * c, y, (oy * out.w() + ox) * c, c);
                }
            }
        };
    }
}
