// Issue #6: the generated network on an emulated Cortex-M4, in every scheme that exists.
import groovy.json.JsonSlurper

['': 'f32', '-q7': 'q7', '-q15': 'q15'].each { suffix, scheme ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report${suffix}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 200
    assert r.compiled.target == 'cortex-m4'
    assert r.compiled.toolchain == 'arm-none-eabi-gcc'
    assert r.compiled.mismatchedSamples == 0 : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    if (scheme != 'f32') {
        assert r.compiled.bitExactWithEmulation
        assert r.quantization.armMathDsp
    }
    long macs = r.layers.sum { it.macs } as long
    assert macs > 0
    // SMLAD, the M4's widest multiply-accumulate, does two per instruction: no run can need fewer instructions
    assert r.compiled.instructionsPerInference >= macs / 2.0 : "${scheme}: ${r.compiled.instructionsPerInference} instructions for ${macs} MACs"
    assert r.compiled.maxInstructionsPerInference >= r.compiled.instructionsPerInference
    assert Math.abs(r.compiled.macsPerInstruction - macs / r.compiled.instructionsPerInference) < 1e-9
    assert r.memory.codeBytes > 0
    assert r.memory.weightBytes > 0
    assert r.passed
}
return true
