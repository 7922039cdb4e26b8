// Figures from ../shared/models/README.md (independent NumPy forward pass of the float model).
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.samples == 10000
assert Math.abs(report.float.top1 - 0.8876) < 0.00005 : "float top-1 ${report.float.top1}, expected 0.8876"
assert Math.abs(report.compiled.top1 - 0.8876) < 0.00005 : "compiled top-1 ${report.compiled.top1}, expected 0.8876"
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.passed
['.h', '.c', '_weights.h', '_parameters.h'].each { suffix ->
    assert new File(basedir, "target/generated-sources/cmsis/${report.network}${suffix}").isFile()
}
assert new File(basedir, 'target/cmsis-report/report.md').isFile()
assert new File(basedir, 'target/cmsis-report/report.html').isFile()

// Issue #3: q7 and q15 builds of the same model, each compiled output bit-identical to the Java emulation,
// and top-1 at most 1.0 (q7) / 0.2 (q15) points below the float figure of ../shared/models/README.md
['q7': 1.0, 'q15': 0.2].each { scheme, gate ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report-${scheme}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 10000
    assert r.compiled.bitExactWithEmulation : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    assert r.compiled.mismatchedSamples == 0
    assert !r.layers.isEmpty() : "${r.scheme}: no layers in the report"
    assert r.layers.every { it.outputFormat != null && it.function != null }
    assert r.quantization.inputFormat != null
    assert Math.abs(r.float.top1 - 0.8876) < 0.00005
    assert (0.8876 - r.compiled.top1) * 100 <= gate : "${scheme}: compiled top-1 ${r.compiled.top1} is more than ${gate} points below 0.8876"
    assert r.passed
    assert new File(basedir, "target/generated-sources/cmsis-${scheme}/${r.network}.h").text.contains('_INPUT_FRAC')
}
return true
