// ../shared/models/README.md: reconstruction MSE of the float model on x_test is about 2e-4.
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.samples == 59
def mse = report.float.rmse * report.float.rmse
assert mse > 1.5e-4 && mse < 2.5e-4 : "float reconstruction MSE ${mse}"
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.passed

// Issue #3: q7 and q15 builds of the same model, each compiled output bit-identical to the Java emulation on its 59 test rows
['q7', 'q15'].each { scheme ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report-${scheme}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 59
    assert r.compiled.bitExactWithEmulation : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    assert r.compiled.mismatchedSamples == 0
    assert !r.layers.isEmpty() : "${r.scheme}: no layers in the report"
    assert r.layers.every { it.outputFormat != null && it.function != null }
    assert r.quantization.inputFormat != null
    assert r.emulated.rmseVsFloat < 0.05 : "${scheme}: RMSE against float ${r.emulated.rmseVsFloat}"
    assert r.passed
    assert new File(basedir, "target/generated-sources/cmsis-${scheme}/${r.network}.h").text.contains('_INPUT_FRAC')
}
return true
