package io.cmsisnn.pipeline;

import io.cmsisnn.CmsisException;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.importer.ImportedModel;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.report.VerificationReport;
import java.util.Locale;
import java.util.Map;

/**
 * The same model quantized as q7 (CMSIS 5's legacy scheme) beside its s8 network: top-1 of both
 * emulations (each bit-exact with its compiled code), weight bytes and activation bytes. It tells a
 * user what moving from the legacy kernels gains or costs.
 */
final class Q7Comparison {
    private Q7Comparison() {
    }

    /**
     * The q7 build of the same model beside the s8 one; {@code unavailable} says why when q7 cannot be
     * built. It quantizes from the s8 build's calibration statistics (both schemes calibrate the
     * same graph on the same data), so the calibration set is never run again.
     */
    static VerificationReport.SchemeComparison compare(ConversionSettings settings, ImportedModel model, Conversion s8,
                                                       float[][] s8Outputs, TestSet testSet, BuildLog log) {
        // q7 has one word size for the whole network: the s8 build's widened layers do not carry over
        ConversionSettings q7Settings = settings.toBuilder().scheme(Scheme.Q7).layerPrecision(Map.of()).build();
        Conversion q7;
        try {
            q7 = new Generator(BuildLog.SILENT).convert(q7Settings, model, s8.calibration());
        } catch (CmsisException e) {
            return new VerificationReport.SchemeComparison("q7", e.getMessage(), null, null, s8.network().weightBytes(), 0,
                    s8.network().activationBytes(), 0);
        }
        Double s8Top1 = null;
        Double q7Top1 = null;
        if (testSet.labels() != null) {
            float[][] q7Out = q7.backend().emulate(testSet.inputs(),
                    new Progress(log, "q7 emulation for the comparison", testSet.size())::map).values();
            s8Top1 = Metrics.top1(s8Outputs, testSet.labels());
            q7Top1 = Metrics.top1(q7Out, testSet.labels());
        }
        return new VerificationReport.SchemeComparison("q7", null, s8Top1, q7Top1, s8.network().weightBytes(),
                q7.network().weightBytes(), s8.network().activationBytes(), q7.network().activationBytes());
    }

    /** One line for the log and the report's notes. */
    static String describe(VerificationReport.SchemeComparison c, int samples) {
        if (c.unavailable() != null) {
            return "compared with q7: not available (" + c.unavailable() + ")";
        }
        String accuracy = c.top1() == null ? "" : String.format(Locale.ROOT, "top-1 s8 %.4f vs q7 %.4f (emulated, %d samples); ",
                c.top1(), c.againstTop1(), samples);
        return String.format(Locale.ROOT, "compared with q7: %sweights s8 %d vs q7 %d bytes; activations s8 %d vs q7 %d bytes",
                accuracy, c.weightBytes(), c.againstWeightBytes(), c.activationBytes(), c.againstActivationBytes());
    }
}
