package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.backend.AccuracyFormatSearch;
import io.cmsisnn.backend.AffineBackend;
import io.cmsisnn.backend.BiasCorrection;
import io.cmsisnn.backend.FixedPointBackend;
import io.cmsisnn.backend.FloatBackend;
import io.cmsisnn.backend.LegacyBackend;
import io.cmsisnn.backend.SchemeBackend;
import io.cmsisnn.backend.SourceHeader;
import io.cmsisnn.backend.ValidationScore;
import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.cache.CacheKey;
import io.cmsisnn.calibration.CalibrationCodec;
import io.cmsisnn.calibration.CalibrationException;
import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.Calibrator;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.codegen.NetworkWriter;
import io.cmsisnn.codegen.RawInput;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.data.Outliers;
import io.cmsisnn.data.SampleReader;
import io.cmsisnn.emulation.FixedPointEmulator;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ImportedModel;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.passes.CrossLayerEqualization;
import io.cmsisnn.passes.FinalLogSoftmaxAsSoftmax;
import io.cmsisnn.passes.GraphLowering;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.quant.LegacyQuantizer;
import io.cmsisnn.quant.TensorRanges;
import io.cmsisnn.quant.WidenedGraph;
import io.cmsisnn.toolchain.FirmwareFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/** The {@code generate} goal: model file in, C network out. */
public final class Generator {
    /** Cache entry kind of calibration statistics. */
    static final String CALIBRATION = "calibration";

    private final BuildLog log;
    /** Where calibration statistics and stamps are kept between builds; null for none. */
    private final BuildCache cache;

    public Generator(BuildLog log) {
        this(log, null);
    }

    /** A generator that reuses calibration statistics and skips up-to-date outputs through {@code cache} (null: none). */
    public Generator(BuildLog log, BuildCache cache) {
        this.log = log;
        this.cache = cache;
    }

    /** Imports, lowers, calibrates (fixed-point schemes) and generates the network in memory, writing nothing. */
    public Conversion convert(ConversionSettings settings) {
        return convert(settings, null, null);
    }

    /**
     * As {@link #convert(ConversionSettings)}, from a model already imported from {@code settings.model()}
     * (null: import it) and calibration statistics already gathered for the same model and
     * calibration settings (null: calibrate, or take them from the cache).
     */
    Conversion convert(ConversionSettings settings, ImportedModel alreadyImported, CalibrationResult calibrated) {
        Scheme scheme = settings.scheme();
        DataLayout layout = settings.dataLayout();
        ConversionSettings.Quantization q = settings.quantization();
        RangeMethod method = q.rangeMethod();
        if (method == RangeMethod.ACCURACY && scheme != Scheme.F32) {
            requireAccuracySettings(scheme, q); // before the model is read: a wrong choice fails at once
        }
        ImportedModel model = alreadyImported != null ? alreadyImported : new ModelImporter().read(settings.model(), null);
        if (settings.auto() != null) {
            return new SchemeSearch(this, log).search(settings, model);
        }
        Graph imported = model.graph();
        Graph lowered = new GraphLowering().lower(imported);
        String name = settings.resolvedNetworkName();
        String modelFile = settings.model().getFileName().toString();
        if (!Double.isFinite(settings.inputScale()) || !Double.isFinite(settings.inputOffset())) {
            throw new ConfigurationException("inputScale and inputOffset must be finite numbers (model input = raw * inputScale + "
                    + "inputOffset), got " + settings.inputScale() + " and " + settings.inputOffset());
        }
        RawInput raw = new RawInput(settings.inputScale(), settings.inputOffset());
        List<String> headerNotes = new ArrayList<>();
        String inputNote = InputOrderNote.of(model.input());
        if (inputNote != null) {
            headerNotes.add(inputNote);
        }
        if (scheme == Scheme.F32) {
            SchemeBackend f32 = FloatBackend.build(lowered, new SourceHeader(name, modelFile, headerNotes, raw));
            return new Conversion(scheme, imported, f32, null, model.input(), model.output());
        }
        int bits = scheme == Scheme.Q7 || scheme == Scheme.S8 ? 8 : 16;
        Graph fixed = new FinalLogSoftmaxAsSoftmax().apply(lowered);
        List<String> networkNotes = new ArrayList<>();
        if (fixed != lowered) {
            log.warn("cmsis: " + modelFile + ": " + FinalLogSoftmaxAsSoftmax.NOTE + ".");
            networkNotes.add(FinalLogSoftmaxAsSoftmax.NOTE);
            headerNotes.add("Output: " + FinalLogSoftmaxAsSoftmax.NOTE + ".");
        }
        CrossLayerEqualization.Result equalized = new CrossLayerEqualization(q.equalization()).equalize(fixed);
        fixed = equalized.graph();
        equalized.notes().forEach(n -> log.info("cmsis: " + modelFile + ": " + n));
        networkNotes.addAll(equalized.notes());
        // layerPrecision's names are checked before calibration, which may take a while, is run
        WidenedGraph.requireLayers(fixed, q.layerPrecision().keySet());
        WidenedGraph.of(fixed, q.widenedLayers());
        CalibrationSamples samples = new CalibrationSamples(settings,
                new SampleReader(layout, fixed.inputShape(), model.input(), fixed.inputName()));
        CalibrationResult calibration = calibrated != null ? calibrated : calibrate(settings, fixed, samples);
        SourceHeader header = new SourceHeader(name, modelFile, headerNotes, raw);
        LegacyQuantizer.Options legacy = new LegacyQuantizer.Options(bits, q.armMathDsp());
        AffineQuantizer.Options affine = new AffineQuantizer.Options(bits, q.perChannelWeights(), q.singleRounding(), q.widenedLayers());
        FixedPointBackend backend;
        if (scheme == Scheme.Q7 || scheme == Scheme.Q15) {
            backend = legacyBackend(settings, fixed, calibration, legacy, samples, networkNotes, header);
        } else {
            if (q.biasCorrection()) {
                fixed = corrected(fixed, samples, g -> AffineBackend.emulator(g, calibration, method, q.percentile(), affine),
                        networkNotes, modelFile);
            }
            AffineBackend affineBackend = AffineBackend.build(fixed, calibration, method, q.percentile(), affine, networkNotes, header);
            affineBackend.layerNotes().forEach(n -> log.warn("cmsis: " + modelFile + ": " + n));
            backend = affineBackend;
        }
        return new Conversion(scheme, imported, backend, calibration, model.input(), model.output());
    }

    /** {@code fixed} with its biases corrected on the calibration samples, the correction's note logged and kept. */
    private Graph corrected(Graph fixed, CalibrationSamples samples, Function<Graph, FixedPointEmulator> emulator, List<String> notes,
                            String modelFile) {
        BiasCorrection.Result r = new BiasCorrection().correct(fixed, samples.get(), emulator);
        r.notes().forEach(n -> log.info("cmsis: " + modelFile + ": " + n));
        notes.addAll(r.notes());
        return r.graph();
    }

    /**
     * q7/q15. With rangeMethod accuracy the formats are searched on the uncorrected graph (against its float
     * function, the model's), then the biases are corrected for those formats; the result is kept only when, on
     * the search's samples, it agrees with float significantly better than minmax with the correction does, so
     * the method never ends below what minmax gives.
     */
    private LegacyBackend legacyBackend(ConversionSettings settings, Graph fixed, CalibrationResult calibration,
                                        LegacyQuantizer.Options legacy, CalibrationSamples samples, List<String> notes,
                                        SourceHeader header) {
        ConversionSettings.Quantization q = settings.quantization();
        RangeMethod method = q.rangeMethod();
        String modelFile = settings.model().getFileName().toString();
        if (method != RangeMethod.ACCURACY) {
            Graph g = !q.biasCorrection() ? fixed : corrected(fixed, samples,
                    x -> LegacyBackend.emulator(x, calibration, method, q.percentile(), legacy, null), notes, modelFile);
            return LegacyBackend.build(g, calibration, method, q.percentile(), legacy, null, notes, header);
        }
        AccuracyFormatSearch search = new AccuracyFormatSearch(fixed, legacy);
        AccuracyFormatSearch.Request request = searchRequest(settings, samples);
        TensorRanges start = LegacyBackend.suggestions(calibration, method, q.percentile());
        AccuracyFormatSearch.Result found = search.search(start, request);
        if (!q.biasCorrection()) {
            return LegacyBackend.build(fixed, calibration, method, q.percentile(), legacy, found, notes, header);
        }
        List<String> withFound = new ArrayList<>();
        Graph searched = corrected(fixed, samples, x -> LegacyBackend.emulator(x, calibration, method, q.percentile(), legacy, found),
                withFound, modelFile);
        if (found.kept().isEmpty()) {
            notes.addAll(withFound);
            return LegacyBackend.build(searched, calibration, method, q.percentile(), legacy, found, notes, header);
        }
        List<String> withMinmax = new ArrayList<>();
        Graph plain = corrected(fixed, samples, x -> LegacyBackend.emulator(x, calibration, method, q.percentile(), legacy, null),
                withMinmax, modelFile);
        ValidationScore mine = search.score(searched, found.ranges(start), request);
        ValidationScore baseline = search.score(plain, start, request);
        if (mine.improvesOn(baseline)) {
            notes.addAll(withFound);
            return LegacyBackend.build(searched, calibration, method, q.percentile(), legacy, found, notes, header);
        }
        String why = found.notes().get(0) + "; with bias correction those formats (" + mine + ") did not agree with float "
                + "significantly better than the minmax formats (" + baseline + "), so the minmax formats are kept";
        log.info("cmsis: " + modelFile + ": " + why);
        notes.addAll(withMinmax);
        notes.add(why);
        return LegacyBackend.build(plain, calibration, method, q.percentile(), legacy, null, notes, header);
    }

    /**
     * The calibration file's samples as the model reads them, read once and only when asked for: the
     * calibration samples, bias correction and the accuracy search's held-apart samples all come from it.
     */
    private final class CalibrationSamples {
        private final ConversionSettings settings;
        private final SampleReader reader;
        private float[][] all;
        private float[][] used;

        CalibrationSamples(ConversionSettings settings, SampleReader reader) {
            this.settings = settings;
            this.reader = reader;
        }

        /** Every sample of the file, scaled and checked finite. */
        float[][] all() {
            if (all == null) {
                all = readAll(settings, reader);
            }
            return all;
        }

        /** The {@code calibrationSamples} of them calibration takes. */
        float[][] get() {
            if (used == null) {
                used = pick(settings, all());
            }
            return used;
        }
    }

    /** Statistics from the cache when the model, the calibration data and how they are read are unchanged; else calibrates. */
    private CalibrationResult calibrate(ConversionSettings settings, Graph lowered, CalibrationSamples samples) {
        Path file = requireCalibrationData(settings);
        if (cache == null) {
            return calibrateNow(settings, lowered, samples);
        }
        CacheKey key = Keys.calibration(settings, cache, PluginIdentity.of(cache));
        Optional<byte[]> stored = cache.read(CALIBRATION, key);
        if (stored.isPresent()) {
            try {
                CalibrationResult r = CalibrationCodec.decode(stored.get());
                if (covers(r, lowered)) {
                    log.info(String.format(Locale.ROOT, "cmsis: calibration statistics of %d samples of %s reused from %s "
                            + "(model, calibration data and their settings unchanged)", r.samples(), file, cache.blob(CALIBRATION, key)));
                    return r;
                }
            } catch (IllegalArgumentException e) {
                log.warn("cmsis: ignoring damaged calibration statistics in " + cache.blob(CALIBRATION, key) + ": " + e.getMessage());
            }
        }
        CalibrationResult r = calibrateNow(settings, lowered, samples);
        cache.write(CALIBRATION, key, CalibrationCodec.encode(r));
        return r;
    }

    /** Whether stored statistics hold every tensor of the graph (they always do unless the file was tampered with). */
    private static boolean covers(CalibrationResult r, Graph graph) {
        if (!r.statistics().containsKey(graph.inputName())) {
            return false;
        }
        for (io.cmsisnn.graph.Node n : graph.nodes()) {
            if (!r.statistics().containsKey(n.name())) {
                return false;
            }
        }
        return true;
    }

    /** Every sample of the calibration file, scaled, checked finite; logged with how it was read. */
    private float[][] readAll(ConversionSettings settings, SampleReader reader) {
        Path file = requireCalibrationData(settings);
        String what = describe(settings);
        NdArray data = DataFiles.read(file, settings.dataKey());
        calibrationLimit(settings);
        float[][] all = reader.read(data, settings.inputScale(), settings.inputOffset(), what, 0);
        InputPreparer.requireFinite(all, what);
        int limit = settings.quantization().calibrationSamples();
        log.info(String.format(Locale.ROOT, "cmsis: read %d of the %d samples of %s as calibration samples%s",
                limit <= 0 ? all.length : Math.min(limit, all.length), all.length, what, reader.channelsFirst(data)
                        ? " (channels first, rearranged to HWC)" : InputPreparer.flattenNote(data, reader.shape())));
        return all;
    }

    /** The calibration samples {@code calibrationSamples} asks for, spread over the file's samples. */
    private float[][] pick(ConversionSettings settings, float[][] all) {
        float[][] used = spread(all, calibrationLimit(settings));
        String outliers = Outliers.warning(used, describe(settings));
        if (outliers != null) {
            log.warn("cmsis: " + outliers);
        }
        return used;
    }

    private static int calibrationLimit(ConversionSettings settings) {
        int limit = settings.quantization().calibrationSamples();
        if (limit < 0) {
            throw new ConfigurationException("calibrationSamples must be 0 (all) or positive, got " + limit);
        }
        return limit;
    }

    /**
     * rangeMethod accuracy searches the legacy formats only (f32 ignores every range method), within a
     * budget and on samples that must exist.
     */
    private static void requireAccuracySettings(Scheme scheme, ConversionSettings.Quantization q) {
        if (scheme == Scheme.S8 || scheme == Scheme.S16) {
            throw new ConfigurationException("rangeMethod accuracy searches the power-of-two formats of the legacy schemes q7 and "
                    + "q15; scheme " + scheme.id() + " has scales and zero points instead: use scheme q7 or q15 with it, or "
                    + "rangeMethod minmax, percentile or search with " + scheme.id());
        }
        if (q.accuracySamples() < 1) {
            throw new ConfigurationException("accuracySamples must be positive for rangeMethod accuracy, got "
                    + q.accuracySamples() + " (default " + ConversionSettings.Quantization.DEFAULT_ACCURACY_SAMPLES + ")");
        }
        if (q.accuracyTrials() < 1) {
            throw new ConfigurationException("accuracyTrials must be positive for rangeMethod accuracy, got " + q.accuracyTrials()
                    + " (default " + ConversionSettings.Quantization.DEFAULT_ACCURACY_TRIALS + ")");
        }
    }

    /** The accuracy search's samples (those of the calibration file that calibration did not use), budget and log. */
    private AccuracyFormatSearch.Request searchRequest(ConversionSettings settings, CalibrationSamples samples) {
        String what = describe(settings);
        float[][] all = samples.all();
        int limit = settings.quantization().calibrationSamples();
        float[][] validation = heldApart(all, limit, settings.quantization().accuracySamples());
        if (validation.length == 0) {
            throw new ConfigurationException("rangeMethod accuracy scores formats on calibration samples that calibration did not "
                    + "use, but calibrationSamples " + limit + " takes all " + all.length + " samples of " + what
                    + ": set calibrationSamples below " + all.length + " (e.g. " + Math.max(1, all.length / 2)
                    + ") or use a larger calibration file");
        }
        log.info(String.format(Locale.ROOT, "cmsis: rangeMethod accuracy: validating on %d samples of %s held apart from the "
                + "%d calibration samples, at most %d trials", validation.length, what, limit,
                settings.quantization().accuracyTrials()));
        return new AccuracyFormatSearch.Request(validation, settings.quantization().accuracyTrials(),
                (n, f) -> IntStream.range(0, n).parallel().mapToObj(f).toArray(float[][]::new), line -> log.info("cmsis: " + line));
    }

    /**
     * At most {@code wanted} of the samples {@link #spread} leaves out for {@code limit}, spread evenly
     * over them (so they come from between the calibration samples); none when calibration uses all.
     */
    static float[][] heldApart(float[][] samples, int limit, int wanted) {
        int[] indices = heldApartIndices(samples.length, limit, wanted);
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = samples[indices[i]];
        }
        return out;
    }

    /** The positions {@link #heldApart} takes among {@code total} samples, in order. */
    static int[] heldApartIndices(int total, int limit, int wanted) {
        if (limit <= 0 || limit >= total) {
            return new int[0];
        }
        boolean[] used = new boolean[total];
        for (int i = 0; i < limit; i++) {
            used[(int) ((long) i * total / limit)] = true;
        }
        int[] rest = IntStream.range(0, total).filter(i -> !used[i]).toArray();
        int n = Math.min(wanted, rest.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rest[(int) ((long) i * rest.length / n)];
        }
        return out;
    }

    private static Path requireCalibrationData(ConversionSettings settings) {
        Path file = settings.calibrationData();
        if (file == null) {
            throw new ConfigurationException("scheme " + settings.scheme().id()
                    + " needs calibration data to choose its fixed-point formats: set <calibrationData> (or -Dcmsis.calibrationData) "
                    + "to a file of representative inputs (npy, npz, IDX, CSV or HDF5), e.g. a few hundred training samples");
        }
        return file;
    }

    /** The calibration file as messages name it, with its array name when it has one. */
    static String describe(ConversionSettings settings) {
        Path file = settings.calibrationData();
        return settings.dataKey() == null ? file.toString() : file + " [" + settings.dataKey() + "]";
    }

    private CalibrationResult calibrateNow(ConversionSettings settings, Graph lowered, CalibrationSamples samples) {
        float[][] used = samples.get(); // first: without calibration data it says which parameter to set
        String what = describe(settings);
        log.info(String.format(Locale.ROOT, "cmsis: calibrating on %s (%d samples)", what, used.length));
        CalibrationResult result;
        try {
            result = new Calibrator().calibrate(lowered, used, 0, line -> log.info("cmsis: " + line));
        } catch (CalibrationException e) {
            // the calibrator knows samples and layers; the user also needs the files
            throw new CalibrationException(settings.model() + ", calibrated on " + what + ": " + e.getMessage(), e);
        }
        log.info(String.format(Locale.ROOT, "cmsis: calibrated on %d samples of %s (%.0f samples/s)", result.samples(), what,
                result.samplesPerSecond()));
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

    /**
     * Writes the network unless the last generation into {@code outputDirectory} had the same
     * inputs (model and data by content, every setting, the plugin) and its files are all still
     * there unchanged; needs a cache.
     *
     * @return whether anything was written
     */
    public boolean generateIfStale(ConversionSettings settings, Path outputDirectory) {
        return generateIfStale(settings, outputDirectory, true);
    }

    /** As {@link #generateIfStale(ConversionSettings, Path)}; {@code copyKernels} as in {@link #generate(ConversionSettings, Path, boolean)}. */
    public boolean generateIfStale(ConversionSettings settings, Path outputDirectory, boolean copyKernels) {
        if (cache == null) {
            generate(settings, outputDirectory, copyKernels);
            return true;
        }
        String plugin;
        CacheKey key;
        try {
            plugin = PluginIdentity.of(cache);
            key = Keys.generation(settings, outputDirectory, cache, plugin, copyKernels);
        } catch (RuntimeException e) {
            // e.g. the model file is gone: the network generated from it earlier must not stay behind either
            throw clearAfter(e, outputDirectory);
        }
        String stampName = BuildCache.stampName("generate", outputDirectory);
        String reason = BuildCache.staleReason(cache.stamp(stampName), key, "no earlier generation");
        if (reason == null) {
            cache.save();
            log.info("cmsis: " + settings.model().getFileName() + " -> " + outputDirectory + ": up to date (model, data, "
                    + "configuration and plugin unchanged, outputs intact); nothing written");
            return false;
        }
        log.info("cmsis: generating " + settings.resolvedNetworkName() + " (" + reason + ")");
        cache.dropStamp(stampName);
        Written result = write(settings, outputDirectory, copyKernels);
        List<Path> written = new ArrayList<>();
        for (String f : result.files()) {
            written.add(outputDirectory.resolve(f));
        }
        written.add(outputDirectory.resolve(NetworkWriter.MANIFEST));
        cache.writeStamp(stampName, key, written, java.util.Map.of());
        return true;
    }

    /** Converts the model and writes the C files, the firmware build files and the kernels into {@code outputDirectory}. */
    public Conversion generate(ConversionSettings settings, Path outputDirectory) {
        return generate(settings, outputDirectory, true);
    }

    /**
     * Converts the model and writes into {@code outputDirectory}, whole or not at all: the network's C
     * files, {@code <name>_sources.cmake}/{@code .mk}/{@code .txt} for firmware builds and, with
     * {@code copyKernels}, the bundled kernel files the network calls under {@code cmsis-nn/}. When
     * anything fails, the files of the previous network there are removed too, so no firmware build
     * compiles an outdated network as if it were this model's.
     */
    public Conversion generate(ConversionSettings settings, Path outputDirectory, boolean copyKernels) {
        return write(settings, outputDirectory, copyKernels).conversion();
    }

    /** Removes the previous network's files after {@code failure}; returns the failure to rethrow. */
    private RuntimeException clearAfter(RuntimeException failure, Path outputDirectory) {
        try {
            List<String> removed = new NetworkWriter().clear(outputDirectory);
            if (!removed.isEmpty()) {
                log.warn("cmsis: generation failed, so the " + removed.size() + " files of the previous network in " + outputDirectory
                        + " were removed (no build may use an outdated network)");
            }
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    /** A conversion and the relative paths of every file written for it. */
    private record Written(Conversion conversion, List<String> files) {
    }

    private Written write(ConversionSettings settings, Path outputDirectory, boolean copyKernels) {
        Conversion conversion;
        Map<String, String> files = new LinkedHashMap<>();
        try {
            conversion = convert(settings);
            files.putAll(conversion.network().files());
            files.putAll(new FirmwareFiles().files(conversion.network(), copyKernels));
            new NetworkWriter().write(conversion.network().name(), files, outputDirectory);
        } catch (RuntimeException e) {
            throw clearAfter(e, outputDirectory);
        }
        log.info(String.format("cmsis: %s: %d layers imported, %d generated (scheme %s, %d weight bytes, %d activation bytes) -> %s",
                settings.model().getFileName(), conversion.imported().nodes().size(), conversion.lowered().nodes().size(),
                conversion.scheme().id(), conversion.network().weightBytes(), conversion.network().activationBytes(),
                outputDirectory));
        return new Written(conversion, List.copyOf(files.keySet()));
    }
}
