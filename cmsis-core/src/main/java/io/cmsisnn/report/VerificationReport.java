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
        SchemeComparison comparison,
        Diagnostics diagnostics,
        SchemeSearch schemeSearch) implements java.io.Serializable {

    public VerificationReport {
        layers = List.copyOf(layers);
        failures = List.copyOf(failures);
        diagnostics = diagnostics == null ? Diagnostics.NONE : diagnostics;
    }

    /** A report of one fixed scheme (no {@code auto} search). */
    public VerificationReport(String model, String scheme, String network, int samples, String data, FloatResult floatResult,
                              EmulatedResult emulated, CompiledResult compiled, Double accuracyDrop, Memory memory,
                              List<LayerReport> layers, Quantization quantization, boolean passed, List<String> failures,
                              SchemeComparison comparison, Diagnostics diagnostics) {
        this(model, scheme, network, samples, data, floatResult, emulated, compiled, accuracyDrop, memory, layers, quantization,
                passed, failures, comparison, diagnostics, null);
    }

    /**
     * What {@code scheme} auto or auto-legacy tried and why it chose as it did.
     *
     * @param family          auto or auto-legacy
     * @param maxAccuracyDrop the drop a candidate had to meet, in points
     * @param evaluatedOn     which samples the drops were measured on, and against which labels
     * @param candidates      every candidate built, in the order tried
     * @param chosen          the scheme generated
     * @param reason          one sentence: why that one
     */
    public record SchemeSearch(String family, double maxAccuracyDrop, String evaluatedOn, List<Candidate> candidates, String chosen,
                               String reason) implements java.io.Serializable {
        public SchemeSearch {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * One candidate of a scheme search, measured on the search's validation samples.
     *
     * @param scheme                the candidate's name (a scheme id, with its variant)
     * @param floatTop1             the float model's top-1 on the validation samples
     * @param top1                  the candidate's emulated top-1 there
     * @param drop                  {@code floatTop1 - top1}, in points
     * @param meetsDrop             whether the drop is within the search's maxAccuracyDrop
     * @param activationBytes       the activation arena
     * @param scratchBytes          the kernels' scratch buffers
     * @param estimatedInstructions MACs over the MACs per instruction of the kernels' inner loops (see SchemeSearch)
     * @param weightBytes           weights and biases (flash)
     */
    public record Candidate(String scheme, double floatTop1, double top1, double drop, boolean meetsDrop, long activationBytes,
                            long scratchBytes, long estimatedInstructions, long weightBytes) implements java.io.Serializable {
        /** Activation plus scratch bytes: the RAM the network needs, the search's first cost. */
        public long ramBytes() {
            return activationBytes + scratchBytes;
        }
    }

    /** A report without the pictures' data. */
    public VerificationReport(String model, String scheme, String network, int samples, String data, FloatResult floatResult,
                              EmulatedResult emulated, CompiledResult compiled, Double accuracyDrop, Memory memory,
                              List<LayerReport> layers, Quantization quantization, boolean passed, List<String> failures,
                              SchemeComparison comparison) {
        this(model, scheme, network, samples, data, floatResult, emulated, compiled, accuracyDrop, memory, layers, quantization,
                passed, failures, comparison, null, null);
    }

    /** A report without a comparison with another scheme. */
    public VerificationReport(String model, String scheme, String network, int samples, String data, FloatResult floatResult,
                              EmulatedResult emulated, CompiledResult compiled, Double accuracyDrop, Memory memory,
                              List<LayerReport> layers, Quantization quantization, boolean passed, List<String> failures) {
        this(model, scheme, network, samples, data, floatResult, emulated, compiled, accuracyDrop, memory, layers, quantization,
                passed, failures, null, null, null);
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
     * that (null for a layer that took no instructions); both are null otherwise. {@code saturation} is
     * what the emulation counted of the layer's outputs over the samples the SNR was measured on (null
     * for a layer without multiply-accumulate outputs, and for f32).
     */
    public record LayerReport(String name, String op, String function, long macs, long weightBytes, Double snrDb,
                              String reason, String inputFormat, String outputFormat, String weightFormat, String biasFormat,
                              Integer biasShift, Integer outShift, List<String> notes, Double instructions,
                              Double macsPerInstruction, Saturation saturation) implements java.io.Serializable {
        public LayerReport {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        /** A layer without instruction counts. */
        public LayerReport(String name, String op, String function, long macs, long weightBytes, Double snrDb,
                           String reason, String inputFormat, String outputFormat, String weightFormat, String biasFormat,
                           Integer biasShift, Integer outShift, List<String> notes) {
            this(name, op, function, macs, weightBytes, snrDb, reason, inputFormat, outputFormat, weightFormat, biasFormat,
                    biasShift, outShift, notes, null, null, null);
        }

        /** This layer with its saturation counts (null for none). */
        public LayerReport withSaturation(Saturation counts) {
            return new LayerReport(name, op, function, macs, weightBytes, snrDb, reason, inputFormat, outputFormat, weightFormat,
                    biasFormat, biasShift, outShift, notes, instructions, macsPerInstruction, counts);
        }

        /** This layer with its mean instructions per inference, and its MACs per instruction from them. */
        public LayerReport withInstructions(double meanInstructions) {
            if (!(meanInstructions >= 0) || Double.isInfinite(meanInstructions)) {
                throw new IllegalArgumentException("layer '" + name + "': " + meanInstructions + " instructions");
            }
            return new LayerReport(name, op, function, macs, weightBytes, snrDb, reason, inputFormat, outputFormat, weightFormat,
                    biasFormat, biasShift, outShift, notes, meanInstructions,
                    meanInstructions > 0 ? macs / meanInstructions : null, saturation);
        }
    }

    /**
     * A layer's outputs counted by the emulation over the compared samples. {@code saturated}: outputs
     * that clipped, overflowed or wrapped, each once. {@code clipped}: outputs
     * whose unclamped value lies beyond activation_min/max (s8/s16) or the {@code __SSAT} bound
     * (q7/q15), except at a bound the float activation clamps at too ({@code activationClips}: a
     * ReLU's zero, a ReLU6's six; not saturation). {@code requantOverflows} (s8/s16): requantizations whose intermediate leaves int32
     * (the C wraps there). {@code wrappedSums} (q7/q15): accumulators whose exact sum leaves int32.
     * {@code biasBitsDropped} (q7/q15): outputs whose channel's {@code bias << bias_shift} has set bits
     * below out_shift, which the final shift rounds away (CMSIS 5 shifts the bias only left).
     */
    public record Saturation(long outputs, long saturated, long clipped, long activationClips, long requantOverflows,
                             long wrappedSums, long biasBitsDropped) implements java.io.Serializable {
        /** A layer saturates frequently when more than this share of its outputs clip or overflow. */
        public static final double FREQUENT = 0.01;

        /** Whether more than {@link #FREQUENT} of the outputs saturated. */
        public boolean frequent() {
            return outputs > 0 && saturated() > FREQUENT * outputs;
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

    /**
     * What the pictures and the agreement tables of report.html show; every part may be missing
     * (empty or null) when the run does not have it.
     *
     * @param outputs     per network output, how the emulated and compiled values agree with the float model's
     * @param confusion   labels against the compiled network's predictions; null without labels
     * @param errors      compiled minus float, per output value; null when there is a confusion matrix
     * @param activations per layer, its calibrated output distribution; empty for f32
     * @param memoryPlan  where each tensor lives in the activation arena and when; null when unknown
     */
    public record Diagnostics(List<OutputMetrics> outputs, ConfusionMatrix confusion, ErrorHistogram errors,
                              List<ActivationHistogram> activations, MemoryTimeline memoryPlan) implements java.io.Serializable {
        public static final Diagnostics NONE = new Diagnostics(List.of(), null, null, List.of(), null);

        public Diagnostics {
            outputs = List.copyOf(outputs);
            activations = List.copyOf(activations);
        }
    }

    /**
     * ST Edge AI's {@code validate} figures of one output, for a candidate x against the float reference r
     * over all n values of all samples:
     * {@code acc} share of samples whose arg-max equals the reference's (classifiers only, else null),
     * {@code rmse = sqrt(sum (r-x)^2 / n)}, {@code mae = sum |r-x| / n},
     * {@code l2r = ||r-x|| / ||r||} (relative L2 norm of the error; null when ||r|| is 0) and
     * {@code cos = <r, x> / (||r|| ||x||)} (cosine similarity; null when either norm is 0).
     */
    public record Agreement(Double acc, double rmse, double mae, Double l2r, Double cos) implements java.io.Serializable {
    }

    /** One network output: the emulation and the compiled network, each against the float model. */
    public record OutputMetrics(String output, Agreement emulatedVsFloat, Agreement compiledVsFloat) implements java.io.Serializable {
    }

    /** {@code counts.get(label).get(predicted)}: test samples of each true class by the compiled network's class. */
    public record ConfusionMatrix(List<List<Long>> counts) implements java.io.Serializable {
        public ConfusionMatrix {
            counts = counts.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Equal-width bins of an error: bin i counts values in {@code [low + i w, low + (i+1) w)} with
     * {@code w = (high - low) / counts.size()}, the last bin closed at {@code high}.
     *
     * @param what what the error is, for the caption
     */
    public record ErrorHistogram(String what, double low, double high, List<Long> counts) implements java.io.Serializable {
        public ErrorHistogram {
            counts = List.copyOf(counts);
        }
    }

    /**
     * One layer's output as calibration saw it, in power-of-two magnitude bins: {@code bins.get(i)}
     * counts the nonzero values with {@code 2^(e-1) <= |x| < 2^e}, {@code e = firstExponent + i}.
     *
     * @param count        values seen (samples × tensor size); {@code zeros} of them were 0
     * @param rangeLow     lowest value the chosen format holds
     * @param rangeHigh    highest value the chosen format holds
     * @param clippedShare share of the calibration values that saturate: for q7/q15 {@code |x| >= 2^E}
     *                     (E the format's integer bits); for s8/s16 beyond an end by more than half a step
     * @param clippedBasis how clippedShare was counted, for the caption
     */
    public record ActivationHistogram(String layer, long count, long zeros, int firstExponent, List<Long> bins, double rangeLow,
                                      double rangeHigh, double clippedShare, String clippedBasis) implements java.io.Serializable {
        public ActivationHistogram {
            bins = List.copyOf(bins);
        }
    }

    /**
     * The activation arena over the run: step 0 copies the input in, step i + 1 runs layer i.
     *
     * @param arenaBytes      the arena's size (the plan's peak)
     * @param lowerBoundBytes the most bytes live at any one step: no plan can use less
     * @param steps           number of steps (layers + 1)
     * @param tensors         one region per tensor that has memory of its own, in graph order
     */
    public record MemoryTimeline(long arenaBytes, long lowerBoundBytes, int steps, List<TensorRegion> tensors)
            implements java.io.Serializable {
        public MemoryTimeline {
            tensors = List.copyOf(tensors);
        }
    }

    /** A tensor's bytes {@code [offset, offset + bytes)} of the arena, live from {@code firstStep} to {@code lastStep}. */
    public record TensorRegion(String tensor, long offset, long bytes, int firstStep, int lastStep) implements java.io.Serializable {
    }
}
