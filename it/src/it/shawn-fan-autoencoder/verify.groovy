// ../shared/models/README.md: reconstruction MSE of the float model on x_test is about 2e-4.
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/cmsis-report/report.json'))
assert report.samples == 59
def mse = report.float.rmse * report.float.rmse
assert mse > 1.5e-4 && mse < 2.5e-4 : "float reconstruction MSE ${mse}"
assert report.compiled.mismatchedSamples == 0
assert report.compiled.maxAbsDiffVsEmulation <= 1e-4
assert report.passed
return true
