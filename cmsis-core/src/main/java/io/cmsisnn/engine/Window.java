package io.cmsisnn.engine;

/**
 * The kernel taps of a sliding window along one axis that land inside the input, per output
 * index. The valid taps are always one contiguous range, so kernels loop over {@code [lo, hi)}
 * instead of testing every tap; padded taps contribute nothing.
 */
final class Window {
    /** Input index of tap 0 for each output index (negative inside the leading pad). */
    final int[] origin;
    final int[] lo;
    final int[] hi;
    final int dilation;

    Window(int outLength, int inLength, int kernel, int stride, int dilation, int padBefore) {
        this.dilation = dilation;
        origin = new int[outLength];
        lo = new int[outLength];
        hi = new int[outLength];
        for (int o = 0; o < outLength; o++) {
            int start = o * stride - padBefore;
            int first = 0;
            while (first < kernel && start + first * dilation < 0) {
                first++;
            }
            int end = first;
            while (end < kernel && start + end * dilation < inLength) {
                end++;
            }
            origin[o] = start;
            lo[o] = first;
            hi[o] = end;
        }
    }

    /** Number of taps inside the input at output index {@code o}. */
    int count(int o) {
        return hi[o] - lo[o];
    }
}
