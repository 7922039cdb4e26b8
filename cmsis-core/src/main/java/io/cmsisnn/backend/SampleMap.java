package io.cmsisnn.backend;

import java.util.function.IntFunction;

/** Runs a function of each sample index and gathers the results in sample order (the pipeline's progress does this on all cores). */
@FunctionalInterface
public interface SampleMap {
    float[][] map(int samples, IntFunction<float[]> f);

    /** One sample after another on this thread. */
    SampleMap SEQUENTIAL = (samples, f) -> {
        float[][] out = new float[samples][];
        for (int i = 0; i < samples; i++) {
            out[i] = f.apply(i);
        }
        return out;
    };
}
