// The build must fail with one message that names the problem, and leave no half-written output.
def log = new File(basedir, 'build.log').text
assert log.contains("scheme 'q9' does not exist")
assert log.contains('f32, q7, q15, s8, s16')
def out = new File(basedir, 'target/generated-sources/cmsis')
assert !out.exists() || out.list().length == 0 : "half-written output: ${out.list()}"
return true
