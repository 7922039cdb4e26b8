// Figures from ../shared/models/README.md (independent NumPy forward pass of the float model).
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.samples == 6900
assert Math.abs(report.float.top1 - 0.9891) < 0.00005 : "float top-1 ${report.float.top1}, expected 0.9891"
assert Math.abs(report.compiled.top1 - 0.9891) < 0.00005 : "compiled top-1 ${report.compiled.top1}, expected 0.9891"
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.passed
['.h', '.c', '_weights.h', '_parameters.h'].each { suffix ->
    assert new File(basedir, "target/generated-sources/cmsis/${report.network}${suffix}").isFile()
}
assert new File(basedir, 'target/cmsis-report/report.md').isFile()
// Issue #12: schema version 2 names the files relative to the project's base directory
assert report.schemaVersion == 2
assert !new File(report.model).isAbsolute() : "model named absolutely: ${report.model}"
assert report.model.endsWith('models/keras/st_har_cnn1d.h5') && new File(basedir, report.model).isFile()
assert new File(basedir, 'target/cmsis-report/report.html').isFile()

// Issue #3: q7 and q15 builds of the same model, each compiled output bit-identical to the Java emulation,
// and top-1 at most 1.0 (q7) / 0.2 (q15) points below the float figure of ../shared/models/README.md (0.9891 = 6825/6900)
['q7': 1.0, 'q15': 0.2].each { scheme, gate ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report-${scheme}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 6900
    assert r.compiled.bitExactWithEmulation : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    assert r.compiled.mismatchedSamples == 0
    assert !r.layers.isEmpty() : "${r.scheme}: no layers in the report"
    assert r.layers.every { it.outputFormat != null && it.function != null }
    assert r.quantization.inputFormat != null
    assert Math.abs(r.float.top1 - 0.98913) < 0.00005
    assert (0.98913 - r.compiled.top1) * 100 <= gate : "${scheme}: compiled top-1 ${r.compiled.top1} is more than ${gate} points below 0.98913"
    assert r.passed
    assert new File(basedir, "target/generated-sources/cmsis-${scheme}/${r.network}.h").text.contains('_INPUT_FRAC')
}
// Issue #5: s8 (int8 affine, per-channel weights) bit-exact with its emulation, top-1 at most 0.5 point below
// the float figure, and compared with the q7 build of the same model
def s8 = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report-s8/report.json'))
assert s8.scheme == 's8'
assert s8.samples == 6900
assert s8.compiled.bitExactWithEmulation : "s8: ${s8.compiled.mismatchedSamples} samples differ from the emulation"
assert (0.98913 - s8.compiled.top1) * 100 <= 0.5 : "s8: compiled top-1 ${s8.compiled.top1}"
assert s8.comparison.against == 'q7'
assert s8.comparison.unavailable == null
assert (0.98913 - s8.comparison.top1) * 100 <= 0.5 : "s8 emulated top-1 in the comparison: ${s8.comparison.top1}"
assert (0.98913 - s8.comparison.againstTop1) * 100 <= 1.0
assert s8.passed
return true
