// Writes target/mnist-calibration.npy: MNIST test images 9,000 to 9,999 as uint8 [1000, 1, 28, 28], the
// NCHW shape of the ONNX input as PyTorch code keeps it (with one channel, NCHW and HWC are the same
// order). MNIST has only its test set here, so q7/q15 calibrate on these last 1,000 images and test on
// the first 9,000: the two are disjoint.
import java.util.zip.GZIPInputStream

def idx = new File(sharedDir, 'datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz')
def input = new DataInputStream(new GZIPInputStream(new FileInputStream(idx)))
assert input.readInt() == 0x00000803 : "${idx}: not an IDX file of unsigned bytes with 3 axes"
int count = input.readInt()
int rows = input.readInt()
int cols = input.readInt()
assert count == 10000 && rows == 28 && cols == 28
byte[] images = new byte[count * rows * cols]
input.readFully(images)
input.close()
int first = 9000
int n = count - first
String header = "{'descr': '|u1', 'fortran_order': False, 'shape': (${n}, 1, ${rows}, ${cols}), }"
int total = 10 + header.length() + 1
header = header + ' ' * ((64 - total % 64) % 64) + '\n'
def out = new ByteArrayOutputStream()
out.write([0x93] as byte[])
out.write('NUMPY'.getBytes('ISO-8859-1'))
out.write([1, 0, header.length() & 0xff, header.length() >> 8] as byte[])
out.write(header.getBytes('ISO-8859-1'))
out.write(images, first * rows * cols, n * rows * cols)
def target = new File(basedir, 'target')
target.mkdirs()
new File(target, 'mnist-calibration.npy').bytes = out.toByteArray()
return true
