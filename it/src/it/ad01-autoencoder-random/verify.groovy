// No test data: verify runs seeded random inputs through the C network and the Java engine.
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.samples == 50
assert report.data.startsWith('random')
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.float.top1 == null
assert report.passed

// Issue #3: q7 and q15 builds of the same model, each compiled output bit-identical to the Java emulation on seeded random inputs
['q7', 'q15'].each { scheme ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report-${scheme}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 50
    assert r.compiled.bitExactWithEmulation : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    assert r.compiled.mismatchedSamples == 0
    assert !r.layers.isEmpty() : "${r.scheme}: no layers in the report"
    assert r.layers.every { it.outputFormat != null && it.function != null }
    assert r.quantization.inputFormat != null
    assert r.passed
    assert new File(basedir, "target/generated-sources/cmsis-${scheme}/${r.network}.h").text.contains('_INPUT_FRAC')
}
return true
