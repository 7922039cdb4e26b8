def log = new File(basedir, 'build.log').text
assert log.contains('cmsis.skip is set: not generating')
assert log.contains('cmsis.skip is set: not verifying')
assert !new File(basedir, 'target/generated-sources/cmsis').exists()
assert !new File(basedir, 'target/cmsis-report').exists()
return true
