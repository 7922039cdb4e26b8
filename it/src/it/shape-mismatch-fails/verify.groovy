// verify must stop with one message naming the data file and both shapes. generate ran before it and
// finished (the model is fine), so its files are whole; verify itself must leave no report behind.
def log = new File(basedir, 'build.log').text
assert log.contains('t10k-images-idx3-ubyte.gz: samples have shape [28, 28] (784 values)')
assert log.contains('1x26x3 (78 values)')
assert !new File(basedir, 'target/cmsis-report').exists()
assert new File(basedir, 'target/generated-sources/cmsis/st_har_cnn1d.c').isFile()
return true
