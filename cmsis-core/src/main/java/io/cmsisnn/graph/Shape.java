package io.cmsisnn.graph;

/**
 * Shape of one sample, always height × width × channels (CMSIS-NN's HWC order, no batch).
 * A 1-D sequence of {@code steps × channels} is {@code (1, steps, channels)}; a vector of n
 * values is {@code (1, 1, n)}. Keeping every tensor rank 3 lets one set of kernels serve all.
 */
public record Shape(int h, int w, int c) {
    public Shape {
        if (h <= 0 || w <= 0 || c <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + h + "x" + w + "x" + c);
        }
    }

    public static Shape vector(int n) {
        return new Shape(1, 1, n);
    }

    public int size() {
        return h * w * c;
    }

    public boolean isVector() {
        return h == 1 && w == 1;
    }

    /** Flat HWC index. */
    public int index(int y, int x, int ch) {
        return (y * w + x) * c + ch;
    }

    @Override
    public String toString() {
        return h + "x" + w + "x" + c;
    }
}
