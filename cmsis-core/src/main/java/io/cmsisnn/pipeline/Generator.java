package io.cmsisnn.pipeline;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.Calibrator;
import io.cmsisnn.calibration.FormatChoice;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.codegen.AffineCodeGenerator;
import io.cmsisnn.codegen.CodeGenerator;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.codegen.LegacyCodeGenerator;
import io.cmsisnn.codegen.NetworkWriter;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ImportedModel;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.passes.FinalLogSoftmaxAsSoftmax;
import io.cmsisnn.passes.GraphLowering;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyQuantizer;
import io.cmsisnn.quant.TensorRanges;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code generate} goal: model file in, C network out. */
public final class Generator {
    private final BuildLog log;

    public Generator(BuildLog log) {
        this.log = log;
    }

    /** Imports, lowers, calibrates (fixed-point schemes) and generates the network in memory, writing nothing. */
    public Conversion convert(ConversionSettings settings) {
        Scheme scheme = Scheme.parse(settings.scheme());
        DataLayout layout = DataLayout.parse(settings.dataLayout());
        ConversionSettings.Quantization q = settings.quantization();
        RangeMethod method = scheme == Scheme.F32 ? null : RangeMethod.parse(q.rangeMethod());
        ImportedModel model = new ModelImporter().read(settings.model(), null);
        Graph imported = model.graph();
        Graph lowered = new GraphLowering().lower(imported);
        String name = settings.resolvedNetworkName();
        String modelFile = settings.model().getFileName().toString();
        List<String> headerNotes = new ArrayList<>();
        String inputNote = InputOrderNote.of(model.input());
        if (inputNote != null) {
            headerNotes.add(inputNote);
        }
        if (scheme == Scheme.F32) {
            return new Conversion(scheme, imported, lowered, new CodeGenerator().generate(lowered, name, modelFile, headerNotes),
                    null, null, model.input(), model.output());
        }
        int bits = scheme == Scheme.Q7 || scheme == Scheme.S8 ? 8 : 16;
        Graph fixed = new FinalLogSoftmaxAsSoftmax().apply(lowered);
        List<String> networkNotes = new ArrayList<>();
        if (fixed != lowered) {
            log.warn("cmsis: " + modelFile + ": " + FinalLogSoftmaxAsSoftmax.NOTE + ".");
            networkNotes.add(FinalLogSoftmaxAsSoftmax.NOTE);
            headerNotes.add("Output: " + FinalLogSoftmaxAsSoftmax.NOTE + ".");
        }
        CalibrationResult calibration = calibrate(settings, fixed, new SampleReader(layout, fixed.inputShape(), model.input(),
                fixed.inputName()));
        if (scheme == Scheme.S8 || scheme == Scheme.S16) {
            // the quantizer's own notes (zero ranges, zero channels, underflowing rescales) go to the log too
            AffineNetwork affine = new AffineQuantizer().quantize(fixed, new CalibratedRanges(calibration, method, q.percentile(), bits),
                    new AffineQuantizer.Options(bits, q.perChannelWeights(), q.singleRounding())).withNotes(networkNotes);
            affine.layers().forEach(l -> l.notes().forEach(n -> log.warn("cmsis: " + modelFile + ": " + n)));
            GeneratedNetwork network = new AffineCodeGenerator().generate(affine, name, modelFile, headerNotes);
            return new Conversion(scheme, imported, fixed, network, null, calibration, model.input(), model.output(), affine);
        }
        TensorRanges ranges = (tensor, b) -> {
            FormatChoice c = calibration.choose(tensor, b, method, q.percentile());
            return new TensorRanges.Suggested(c.frac(), c.note());
        };
        LegacyNetwork legacy = withNotes(new LegacyQuantizer().quantize(fixed, ranges,
                new LegacyQuantizer.Options(bits, q.armMathDsp())), networkNotes);
        GeneratedNetwork network = new LegacyCodeGenerator().generate(legacy, name, modelFile, headerNotes);
        return new Conversion(scheme, imported, fixed, network, legacy, calibration, model.input(), model.output());
    }

    /** The network with notes of the conversion added to the quantizer's (the report and the C source list them). */
    private static LegacyNetwork withNotes(LegacyNetwork net, List<String> notes) {
        if (notes.isEmpty()) {
            return net;
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(net.notes());
        return new LegacyNetwork(net.graph(), net.bits(), net.dsp(), net.formats(), net.layers(), net.arrays(),
                net.scratchElements(), all);
    }

    private CalibrationResult calibrate(ConversionSettings settings, Graph lowered, SampleReader reader) {
        Path file = settings.calibrationData();
        if (file == null) {
            throw new ConfigurationException("scheme " + settings.scheme().trim().toLowerCase(Locale.ROOT)
                    + " needs calibration data to choose its fixed-point formats: set <calibrationData> (or -Dcmsis.calibrationData) "
                    + "to a file of representative inputs (npy, npz, IDX, CSV or HDF5), e.g. a few hundred training samples");
        }
        String what = settings.dataKey() == null ? file.toString() : file + " [" + settings.dataKey() + "]";
        NdArray data = DataFiles.read(file, settings.dataKey());
        int limit = settings.quantization().calibrationSamples();
        if (limit < 0) {
            throw new ConfigurationException("calibrationSamples must be 0 (all) or positive, got " + limit);
        }
        float[][] all = reader.read(data, settings.inputScale(), settings.inputOffset(), what, 0);
        InputPreparer.requireFinite(all, what);
        CalibrationResult result = new Calibrator().calibrate(lowered, spread(all, limit), 0, log::info);
        log.info(String.format(Locale.ROOT, "cmsis: calibrated on %d samples of %s%s (%.0f samples/s)", result.samples(), what,
                reader.channelsFirst(data) ? " (channels first, rearranged to HWC)" : "", result.samplesPerSecond()));
        return result;
    }

    /**
     * {@code limit} samples spread evenly over the file rather than its first ones: data files are
     * often sorted by class, and a calibration set of one class misses the others' ranges.
     */
    static float[][] spread(float[][] samples, int limit) {
        if (limit <= 0 || limit >= samples.length) {
            return samples;
        }
        float[][] out = new float[limit][];
        for (int i = 0; i < limit; i++) {
            out[i] = samples[(int) ((long) i * samples.length / limit)];
        }
        return out;
    }

    /** Converts the model and writes the C files into {@code outputDirectory}, whole or not at all. */
    public Conversion generate(ConversionSettings settings, Path outputDirectory) {
        Conversion conversion = convert(settings);
        new NetworkWriter().write(conversion.network(), outputDirectory);
        log.info(String.format("cmsis: %s: %d layers imported, %d generated (scheme %s, %d weight bytes, %d activation bytes) -> %s",
                settings.model().getFileName(), conversion.imported().nodes().size(), conversion.lowered().nodes().size(),
                conversion.scheme().id(), conversion.network().weightBytes(), conversion.network().activationBytes(),
                outputDirectory));
        return conversion;
    }
}
