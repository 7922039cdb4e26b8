package io.cmsisnn.pipeline;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of one long phase over many samples, shared by the threads doing it: at most one line
 * per {@link #INTERVAL_NANOS} with samples done, rate and time left, and one closing line.
 */
final class Progress {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BuildLog log;
    private final String phase;
    private final int total;
    private final long start = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong nextReport = new AtomicLong(start + INTERVAL_NANOS);

    Progress(BuildLog log, String phase, int total) {
        this.log = log;
        this.phase = phase;
        this.total = total;
    }

    /**
     * {@code f} of every sample index on all cores, in sample order, counted here; closes with
     * {@link #finish()}. Each result depends only on its index, so it is the same on any number of threads.
     */
    float[][] map(int samples, java.util.function.IntFunction<float[]> f) {
        float[][] out = java.util.stream.IntStream.range(0, samples).parallel().mapToObj(i -> {
            float[] y = f.apply(i);
            step();
            return y;
        }).toArray(float[][]::new);
        finish();
        return out;
    }

    /** One more sample finished; may log. */
    void step() {
        reportIfDue(done.incrementAndGet());
    }

    /** From a phase that counts elsewhere (e.g. a child process's output file): {@code d} samples done. */
    void at(int d) {
        done.set(d);
        reportIfDue(d);
    }

    /** Logs when the interval has passed; of threads arriving at once, one logs. */
    private void reportIfDue(int d) {
        long now = System.nanoTime();
        long due = nextReport.get();
        if (now >= due && nextReport.compareAndSet(due, now + INTERVAL_NANOS)) {
            report(d, now);
        }
    }

    private void report(int d, long now) {
        double seconds = (now - start) / 1e9;
        double rate = d / Math.max(seconds, 1e-9);
        String left = rate > 0 ? String.format(Locale.ROOT, ", about %.0f s left", (total - d) / rate) : "";
        log.info(String.format(Locale.ROOT, "cmsis: %s: %,d/%,d samples (%,.0f samples/s%s)", phase, d, total, rate, left));
    }

    /** The closing line: how many, how long, how fast. */
    void finish() {
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info(String.format(Locale.ROOT, "cmsis: %s: %,d samples in %.1f s (%,.0f samples/s)", phase, total, seconds,
                total / Math.max(seconds, 1e-9)));
    }
}
