package io.cmsisnn.calibration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link CalibrationResult} as bytes and back, exactly (doubles and floats by their bits), so a
 * later build can quantize from the statistics without running the calibration set again.
 */
public final class CalibrationCodec {
    private static final int MAGIC = 0x434D4331; // "CMC1"

    private CalibrationCodec() {
    }

    public static byte[] encode(CalibrationResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(r.samples());
            out.writeDouble(r.samplesPerSecond());
            out.writeInt(r.statistics().size());
            for (TensorStatistics s : r.statistics().values()) {
                out.writeUTF(s.name());
                out.writeLong(s.count());
                out.writeDouble(s.min());
                out.writeDouble(s.max());
                out.writeLong(s.zeroCount());
                long[] h = s.histogram();
                out.writeInt(h.length);
                for (long v : h) {
                    out.writeLong(v);
                }
                float[] sample = s.sample();
                out.writeInt(sample.length);
                for (float v : sample) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a complete encoded result */
    public static CalibrationResult decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not calibration statistics");
            }
            int samples = in.readInt();
            double rate = in.readDouble();
            int tensors = in.readInt();
            if (tensors < 0 || tensors > data.length) {
                throw new IllegalArgumentException("damaged calibration statistics");
            }
            Map<String, TensorStatistics> stats = new LinkedHashMap<>();
            for (int t = 0; t < tensors; t++) {
                String name = in.readUTF();
                long count = in.readLong();
                double min = in.readDouble();
                double max = in.readDouble();
                long zeros = in.readLong();
                long[] h = new long[checkedLength(in.readInt(), data.length / 8)];
                for (int i = 0; i < h.length; i++) {
                    h[i] = in.readLong();
                }
                float[] sample = new float[checkedLength(in.readInt(), data.length / 4)];
                for (int i = 0; i < sample.length; i++) {
                    sample[i] = in.readFloat();
                }
                stats.put(name, new TensorStatistics(name, count, min, max, zeros, h, sample));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after calibration statistics");
            }
            return new CalibrationResult(stats, samples, rate);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated calibration statistics", e);
        }
    }

    private static int checkedLength(int n, int most) {
        if (n < 0 || n > most) {
            throw new IllegalArgumentException("damaged calibration statistics");
        }
        return n;
    }
}
