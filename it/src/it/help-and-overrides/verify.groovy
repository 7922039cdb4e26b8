def log = new File(basedir, 'build.log').text
// the help goal prints every goal from the Mojo docs
assert log.contains('cmsis:generate')
assert log.contains('cmsis:verify')
assert log.contains('cmsis:help')
// the command-line scheme lost to the pom's, and the build says so instead of silently building f32
assert log.contains('-Dcmsis.scheme=q7 is ignored')
assert log.contains('<scheme>f32</scheme>')
def out = new File(basedir, 'target/generated-sources/cmsis')
assert out.list().any { it.endsWith('.c') }
return true
