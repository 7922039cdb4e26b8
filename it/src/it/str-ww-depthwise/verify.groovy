// 0.911 on 45 samples in ../shared/models/README.md is 41 of 45 correct.
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.samples == 45
assert Math.abs(report.float.top1 - 41 / 45) < 1e-9 : "float top-1 ${report.float.top1}, expected 0.9111"
assert Math.abs(report.compiled.top1 - 41 / 45) < 1e-9 : "compiled top-1 ${report.compiled.top1}, expected 0.9111"
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.passed
['.h', '.c', '_weights.h', '_parameters.h'].each { suffix ->
    assert new File(basedir, "target/generated-sources/cmsis/${report.network}${suffix}").isFile()
}
assert new File(basedir, 'target/cmsis-report/report.md').isFile()
assert new File(basedir, 'target/cmsis-report/report.html').isFile()
return true
