// The build must fail with one message that names the problem, and leave no half-written output.
def log = new File(basedir, 'build.log').text
assert log.contains('t10k-images-idx3-ubyte.gz')
assert log.contains('28') && log.contains('1x26x3')
def out = new File(basedir, 'target/generated-sources/cmsis')
assert !out.exists() || out.list().length == 0 : "half-written output: ${out.list()}"
return true
