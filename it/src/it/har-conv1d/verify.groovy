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
assert new File(basedir, 'target/cmsis-report/report.html').isFile()
return true
