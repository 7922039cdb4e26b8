package io.cmsisnn.report;

import java.util.List;

/**
 * What {@code verify} measured, in the shape of {@code report.json} (see DESIGN.md). Top-1 values
 * are null when no labels were given; {@code accuracyDrop} is in percentage points.
 */
public record VerificationReport(
        String model,
        String scheme,
        String network,
        int samples,
        String data,
        FloatResult floatResult,
        EmulatedResult emulated,
        CompiledResult compiled,
        Double accuracyDrop,
        Memory memory,
        List<LayerReport> layers,
        Quantization quantization,
        boolean passed,
        List<String> failures,
        SchemeComparison comparison) implements java.io.Serializable {

    public VerificationReport {
        layers = List.copyOf(layers);
        failures = List.copyOf(failures);
    }

    /** A report without a comparison with another scheme. */
    public VerificationReport(String model, String scheme, String network, int samples, String data, FloatResult floatResult,
                              EmulatedResult emulated, CompiledResult compiled, Double accuracyDrop, Memory memory,
                              List<LayerReport> layers, Quantization quantization, boolean passed, List<String> failures) {
        this(model, scheme, network, samples, data, floatResult, emulated, compiled, accuracyDrop, memory, layers, quantization,
                passed, failures, null);
    }

    /**
     * The same model in another scheme (s8 against the legacy q7), built from the same calibration
     * data and run through that scheme's emulation on the same test samples.
     *
     * @param against       the other scheme
     * @param unavailable   why the other scheme could not be built, or null; the figures are then null or 0
     * @param top1          this scheme's emulated top-1 (null without labels)
     * @param againstTop1   the other scheme's emulated top-1
     */
    public record SchemeComparison(String against, String unavailable, Double top1, Double againstTop1, long weightBytes,
                                   long againstWeightBytes, long activationBytes, long againstActivationBytes) implements java.io.Serializable {
    }

    /** The float model (the graph as imported, before any lowering). */
    public record FloatResult(Double top1, Double rmse) implements java.io.Serializable {
    }

    /** The Java emulation of the generated network (for f32: the lowered float graph). */
    public record EmulatedResult(Double top1, double rmseVsFloat) implements java.io.Serializable {
    }

    /**
     * The compiled C network, run on the toolchain's target. On a Cortex-M target (under QEMU)
     * {@code instructionsPerInference} is the mean over the samples, {@code maxInstructionsPerInference}
     * the largest, and {@code macsPerInstruction} the network's MACs over the mean; all three are null
     * on the host.
     */
    public record CompiledResult(Double top1, String toolchain, String target, String kernels,
                                 boolean bitExactWithEmulation, int mismatchedSamples,
                                 double maxAbsDiffVsEmulation, double tolerance,
                                 Double instructionsPerInference, Long maxInstructionsPerInference, Double macsPerInstruction) implements java.io.Serializable {

        /** A host run: no instruction counts. */
        public CompiledResult(Double top1, String toolchain, String target, String kernels, boolean bitExactWithEmulation,
                              int mismatchedSamples, double maxAbsDiffVsEmulation, double tolerance) {
            this(top1, toolchain, target, kernels, bitExactWithEmulation, mismatchedSamples, maxAbsDiffVsEmulation, tolerance,
                    null, null, null);
        }
    }

    public record Memory(long activationBytes, long scratchBytes, long weightBytes, Long codeBytes) implements java.io.Serializable {
    }

    /**
     * One generated layer: the kernel it calls and why, its size, its formats and shifts (fixed-point
     * schemes; null for f32) and how close it stays to the float model. Profiled on a Cortex-M target,
     * {@code instructions} is the layer's mean per inference and {@code macsPerInstruction} its MACs over
     * that (null for a layer that took no instructions); both are null otherwise.
     */
    public record LayerReport(String name, String op, String function, long macs, long weightBytes, Double snrDb,
                              String reason, String inputFormat, String outputFormat, String weightFormat, String biasFormat,
                              Integer biasShift, Integer outShift, List<String> notes, Double instructions,
                              Double macsPerInstruction) implements java.io.Serializable {
        public LayerReport {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        /** A layer without instruction counts. */
        public LayerReport(String name, String op, String function, long macs, long weightBytes, Double snrDb,
                           String reason, String inputFormat, String outputFormat, String weightFormat, String biasFormat,
                           Integer biasShift, Integer outShift, List<String> notes) {
            this(name, op, function, macs, weightBytes, snrDb, reason, inputFormat, outputFormat, weightFormat, biasFormat,
                    biasShift, outShift, notes, null, null);
        }

        /** This layer with its mean instructions per inference, and its MACs per instruction from them. */
        public LayerReport withInstructions(double meanInstructions) {
            if (!(meanInstructions >= 0) || Double.isInfinite(meanInstructions)) {
                throw new IllegalArgumentException("layer '" + name + "': " + meanInstructions + " instructions");
            }
            return new LayerReport(name, op, function, macs, weightBytes, snrDb, reason, inputFormat, outputFormat, weightFormat,
                    biasFormat, biasShift, outShift, notes, meanInstructions,
                    meanInstructions > 0 ? macs / meanInstructions : null);
        }
    }

    /** How a fixed-point network was calibrated and built; null for f32. */
    public record Quantization(String rangeMethod, double percentile, int calibrationSamples, String calibrationData,
                               double calibrationSamplesPerSecond, boolean armMathDsp, String inputFormat, String outputFormat,
                               List<String> notes) implements java.io.Serializable {
        public Quantization {
            notes = List.copyOf(notes);
        }
    }
}
