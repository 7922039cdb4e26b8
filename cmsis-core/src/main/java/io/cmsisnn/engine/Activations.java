package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;

/** A layer's own activation applied to a run of its outputs after accumulation. */
final class Activations {
    private Activations() {
    }

    static void apply(Activation a, float[] y, int from, int to) {
        switch (a.kind()) {
            case LINEAR:
                return;
            case CLAMP:
                // same expression as Activation.apply, unrolled here so the loop stays simple
                float low = a.low();
                float high = a.high();
                for (int i = from; i < to; i++) {
                    y[i] = Math.min(Math.max(y[i], low), high);
                }
                return;
            default:
                for (int i = from; i < to; i++) {
                    y[i] = a.apply(y[i]);
                }
        }
    }
}
