// Writes target/calibration.npy: seeded uniform [-1, 1) inputs of the model's shape, the same
// distribution as verify's random test inputs (the real data set is not available here).
def shape = [64, 640]
def random = new Random(7)
int count = shape.inject(1) { a, b -> a * b }
String dims = '(' + shape.join(', ') + ')'
String header = "{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }"
int total = 10 + header.length() + 1
header = header + ' ' * ((64 - total % 64) % 64) + '\n'
def out = new ByteArrayOutputStream()
out.write([0x93] as byte[])
out.write('NUMPY'.getBytes('ISO-8859-1'))
out.write([1, 0, header.length() & 0xff, header.length() >> 8] as byte[])
out.write(header.getBytes('ISO-8859-1'))
def buf = java.nio.ByteBuffer.allocate(4 * count).order(java.nio.ByteOrder.LITTLE_ENDIAN)
count.times { buf.putFloat((float) (random.nextDouble() * 2 - 1)) }
out.write(buf.array())
def target = new File(basedir, 'target')
target.mkdirs()
new File(target, 'calibration.npy').bytes = out.toByteArray()
return true
