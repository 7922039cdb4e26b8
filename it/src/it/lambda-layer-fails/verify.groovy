// The build must fail with one message that names the problem, and leave no half-written output.
def log = new File(basedir, 'build.log').text
assert log.contains('nnom_mnist_densenet.h5')
assert log =~ /layer 'lambda_\w*' \(Lambda\) is not supported/
assert log.contains('Supported layers')
def out = new File(basedir, 'target/generated-sources/cmsis')
assert !out.exists() || out.list().length == 0 : "half-written output: ${out.list()}"
return true
