// Issue #6: the generated network on an emulated Cortex-M4, in every scheme that exists.
import groovy.json.JsonSlurper

['': 'f32', '-q7': 'q7', '-q15': 'q15', '-s8': 's8'].each { suffix, scheme ->
    def r = new JsonSlurper().parse(new File(basedir, "target/cmsis-report${suffix}/report.json"))
    assert r.scheme == scheme
    assert r.samples == 200
    assert r.compiled.target == 'cortex-m4'
    assert r.compiled.toolchain == 'arm-none-eabi-gcc'
    assert r.compiled.mismatchedSamples == 0 : "${scheme}: ${r.compiled.mismatchedSamples} samples differ from the emulation"
    if (scheme != 'f32') {
        assert r.compiled.bitExactWithEmulation
    }
    if (scheme == 'q7' || scheme == 'q15') {
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
    if (scheme == 'q7') {
        // profile on: every layer counted, no conv/dense layer faster than SMLAD's two MACs per instruction
        r.layers.each { l ->
            assert l.instructions != null && l.instructions >= 0 : "${l.name}: ${l.instructions}"
            if (l.macs > 0) {
                assert l.instructions >= l.macs / 2.0 : "${l.name}: ${l.instructions} instructions for ${l.macs} MACs"
                assert Math.abs(l.macsPerInstruction - l.macs / l.instructions) < 1e-9
            }
        }
        // the layers cover the inference but the end of the last hook, copying 10 outputs out and the harness's
        // SysTick read (under 200 instructions); each mean is good to a 40-instruction tick
        double sum = r.layers.sum { it.instructions } as double
        assert sum <= r.compiled.instructionsPerInference + 40 && sum >= r.compiled.instructionsPerInference - 240 :
                "${sum} instructions in the layers, ${r.compiled.instructionsPerInference} per inference"
    } else {
        assert !r.layers.isEmpty() : "${r.scheme}: no layers in the report"
        assert r.layers.every { it.instructions == null && it.macsPerInstruction == null }
    }
}
return true
