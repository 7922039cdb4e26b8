package io.cmsisnn.backend;

import io.cmsisnn.data.TestSet;
import io.cmsisnn.emulation.FixedPointEmulator;
import io.cmsisnn.emulation.SaturationCounter;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.LayerSnr;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** The runs both fixed-point families make of their emulator, whatever its number format. */
final class FixedPointRuns {
    private FixedPointRuns() {
    }

    /** Each sample's output codes, each exactly as a float. */
    static float[][] codes(FixedPointEmulator emulator, float[][] inputs, SampleMap samples) {
        return samples.map(inputs.length, i -> Codes.asFloats(emulator.run(emulator.quantizeInput(inputs[i]))));
    }

    /** Codes held as floats to real values, {@code value} giving the real value of one code. */
    static float[][] dequantize(float[][] codes, IntToDoubleFunction value) {
        float[][] out = new float[codes.length][];
        for (int s = 0; s < codes.length; s++) {
            out[s] = new float[codes[s].length];
            for (int i = 0; i < codes[s].length; i++) {
                out[s][i] = (float) value.applyAsDouble((int) codes[s][i]);
            }
        }
        return out;
    }

    /**
     * The SNR of each named layer's emulated tensor against the same tensor of {@code graph} in
     * float, on at most {@code maxSamples} samples: the quantization error alone. Each layer's
     * {@code counters} entry counts its saturation over the same samples.
     */
    static LayerSnr snr(Graph graph, FixedPointEmulator emulator, List<String> layers, SaturationCounter[] counters, TestSet testSet,
                        int maxSamples) {
        int n = Math.min(testSet.size(), maxSamples);
        FloatEngine reference = new FloatEngine(graph);
        LayerSnr snr = new LayerSnr(layers.size());
        for (int s = 0; s < n; s++) {
            Map<String, float[]> ref = reference.runAll(testSet.inputs()[s]);
            Map<String, int[]> emu = emulator.runAll(emulator.quantizeInput(testSet.inputs()[s]), counters);
            for (int l = 0; l < layers.size(); l++) {
                String name = layers.get(l);
                snr.add(l, ref.get(name), emulator.dequantize(name, emu.get(name)));
            }
        }
        return snr;
    }
}
