// Cut a real Keras file in half, as an interrupted download would.
def source = new File(sharedDir, 'models/keras/thiru_fashion_cnn_k3legacy.h5').bytes
def target = new File(basedir, 'target/truncated.h5')
target.parentFile.mkdirs()
target.bytes = Arrays.copyOf(source, source.length.intdiv(2))
return true
