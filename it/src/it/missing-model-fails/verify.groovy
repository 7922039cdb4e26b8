// The build must fail with one message that names the problem, and leave no half-written output.
def log = new File(basedir, 'build.log').text
assert log.contains('does-not-exist.h5')
assert log =~ /(?i)not found|does not exist/
def out = new File(basedir, 'target/generated-sources/cmsis')
assert !out.exists() || out.list().length == 0 : "half-written output: ${out.list()}"
return true
