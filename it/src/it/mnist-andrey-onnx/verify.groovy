// Float figure from ../shared/models/README.md (independent NumPy forward pass): top-1 0.9813 on the
// 10,000 MNIST test images, pixel/255. Labels are the data set's own.
import groovy.json.JsonSlurper

def published = 0.9813
def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.scheme == 'f32'
assert report.samples == 10000
assert Math.abs(report.float.top1 - published) < 0.00005 : "float top-1 ${report.float.top1}, expected ${published}"
assert Math.abs(report.compiled.top1 - published) < 0.00005 : "compiled top-1 ${report.compiled.top1}, expected ${published}"
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.passed
def header = new File(basedir, "target/generated-sources/cmsis/${report.network}.h").text
assert header.contains('in HWC order')
assert header.contains("input 'input' is [N, 1, 28, 28]")

// q7 and q15, calibrated on the last 1,000 test images (target/mnist-calibration.npy, written as NCHW
// [1000, 1, 28, 28] by prebuild.groovy) and tested on the first 9,000, so calibration and test images are
// disjoint; MNIST has no other split here. The float top-1 on those 9,000 has no published figure: the
// gates (q7 1.0, q15 0.2 points) hold against the float model measured on the same images, and every
// compiled output equals the Java emulation's.
['q7': 1.0, 'q15': 0.2].each { scheme, gate ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report-${scheme}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 9000
    assert r.quantization.calibrationSamples == 1000
    assert r.compiled.bitExactWithEmulation : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    assert r.compiled.mismatchedSamples == 0
    assert !r.layers.isEmpty() : "${r.scheme}: no layers in the report"
    assert r.layers.every { it.outputFormat != null && it.function != null }
    assert r.accuracyDrop <= gate : "${scheme}: compiled top-1 ${r.compiled.top1} is ${r.accuracyDrop} points below float ${r.float.top1}"
    assert Math.abs(r.accuracyDrop - (r.float.top1 - r.compiled.top1) * 100) < 1e-9
    assert r.passed
    assert new File(basedir, "target/generated-sources/cmsis-${scheme}/${r.network}.h").text.contains('_INPUT_FRAC')
}
return true
