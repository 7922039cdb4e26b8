package io.cmsisnn.calibration;

import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a calibration set through the float network and gathers {@link TensorStatistics} for every
 * tensor. Samples are shared out to worker threads {@link #BATCH} at a time; each worker keeps statistics of
 * its own, and these are merged at the end. Every statistic is an exact count, a min/max or a
 * value at a slot fixed by its position in the data (see {@link TensorStatistics}), so the result
 * is the same for any number of threads; when several samples fail, the one reported is always
 * the lowest-numbered.
 */
public final class Calibrator {
    /** Samples a worker runs through the engine side by side (longer loops, the same sums). */
    static final int BATCH = 8;
    /** Least time between two progress lines. */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final int threads;
    private final long progressIntervalNanos;

    /** A calibrator using every available processor. */
    public Calibrator() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A calibrator using at most {@code threads} worker threads. */
    public Calibrator(int threads) {
        this(threads, PROGRESS_INTERVAL_NANOS);
    }

    /** For tests: progress lines at most every {@code progressIntervalNanos}. */
    Calibrator(int threads, long progressIntervalNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("calibration needs at least one thread, got " + threads);
        }
        if (progressIntervalNanos <= 0) {
            throw new IllegalArgumentException("progress interval must be positive");
        }
        this.threads = threads;
        this.progressIntervalNanos = progressIntervalNanos;
    }

    public int threads() {
        return threads;
    }

    /**
     * Statistics of every tensor of {@code graph} over the calibration samples.
     *
     * @param samples  input samples, each the graph input's values in HWC order
     * @param limit    how many samples to use, the first ones; 0 or less means all
     * @param progress receives progress lines (at most about one per 5 s, plus a last one with the
     *                 total rate); may be null
     * @throws CalibrationException when the set is empty, a sample has the wrong size or holds
     *                              NaN/Inf, or a layer produces NaN/Inf
     */
    public CalibrationResult calibrate(Graph graph, float[][] samples, int limit, Consumer<String> progress) {
        Objects.requireNonNull(graph, "graph");
        Consumer<String> out = progress == null ? line -> { } : progress;
        if (samples == null || samples.length == 0) {
            throw new CalibrationException("the calibration set is empty: give calibrationData with at least one sample");
        }
        int n = limit <= 0 ? samples.length : Math.min(limit, samples.length);
        int inputSize = graph.inputShape().size();
        for (int s = 0; s < n; s++) {
            checkInput(graph, samples[s], s, inputSize);
        }

        FloatEngine engine = new FloatEngine(graph);
        List<String> names = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        names.add(graph.inputName());
        sizes.add(inputSize);
        for (Node node : graph.nodes()) {
            names.add(node.name());
            sizes.add(node.shape().size());
        }
        int tensors = names.size();
        float[][] sharedSamples = new float[tensors][];
        for (int t = 0; t < tensors; t++) {
            sharedSamples[t] = new float[TensorStatistics.sampleSize((long) n * sizes.get(t))];
        }

        int workers = Math.min(threads, n);
        Run run = new Run(engine, samples, n, names, sizes, sharedSamples, workers);
        long start = System.nanoTime();
        run.start();
        awaitWithProgress(run, n, start, progressIntervalNanos, out);
        long elapsed = Math.max(1, System.nanoTime() - start);
        run.rethrowFailure();

        Map<String, TensorStatistics> stats = new LinkedHashMap<>();
        for (int t = 0; t < tensors; t++) {
            StatisticsAccumulator merged = run.workers[0].accumulators[t];
            for (int w = 1; w < workers; w++) {
                merged.merge(run.workers[w].accumulators[t]);
            }
            stats.put(names.get(t), merged.build());
        }
        double rate = n / (elapsed / 1e9);
        out.accept(String.format(Locale.ROOT, "calibration: %d/%d samples in %.1f s (%,.0f samples/s)",
                n, n, elapsed / 1e9, rate));
        return new CalibrationResult(stats, n, rate);
    }

    private static void checkInput(Graph graph, float[] sample, int index, int inputSize) {
        if (sample == null) {
            throw new CalibrationException("calibration sample " + index + " is missing (null)");
        }
        if (sample.length != inputSize) {
            throw new CalibrationException("calibration sample " + index + " has " + sample.length + " values but the input '"
                    + graph.inputName() + "' of '" + graph.name() + "' is " + graph.inputShape() + " = " + inputSize + " values");
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Float.isFinite(sample[i])) {
                throw new CalibrationException("calibration sample " + index + " (counting from 0) holds " + sample[i]
                        + " at value " + i + ": the calibration data holds NaN/Inf; repair or remove that sample");
            }
        }
    }

    private static void awaitWithProgress(Run run, int n, long start, long interval, Consumer<String> out) {
        long nextReport = start + interval;
        try {
            while (true) {
                long wait = nextReport - System.nanoTime();
                if (wait > 0 && run.finished.await(wait, TimeUnit.NANOSECONDS)) {
                    return;
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    int done = run.done.get();
                    double rate = done / ((now - start) / 1e9);
                    out.accept(String.format(Locale.ROOT, "calibration: %,d/%,d samples (%,.0f samples/s%s)", done, n, rate,
                            rate > 0 ? String.format(Locale.ROOT, ", about %.0f s left", (n - done) / rate) : ""));
                    nextReport = now + interval;
                }
            }
        } catch (InterruptedException e) {
            run.cancel();
            Thread.currentThread().interrupt();
            throw new CalibrationException("calibration was interrupted", e);
        }
    }

    /** One calibration run: the shared work counter, the workers and the first failure. */
    private static final class Run {
        final FloatEngine engine;
        final float[][] samples;
        final int n;
        final List<String> names;
        final Worker[] workers;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final CountDownLatch finished;
        /** Lowest sample index that failed so far; workers take no sample above it. */
        final AtomicInteger failedAt = new AtomicInteger(Integer.MAX_VALUE);
        private Throwable failure;
        private int failureIndex = Integer.MAX_VALUE;
        private final List<Thread> threads = new ArrayList<>();

        Run(FloatEngine engine, float[][] samples, int n, List<String> names, List<Integer> sizes,
            float[][] sharedSamples, int workerCount) {
            this.engine = engine;
            this.samples = samples;
            this.n = n;
            this.names = names;
            this.finished = new CountDownLatch(workerCount);
            this.workers = new Worker[workerCount];
            for (int w = 0; w < workerCount; w++) {
                StatisticsAccumulator[] acc = new StatisticsAccumulator[names.size()];
                for (int t = 0; t < acc.length; t++) {
                    acc[t] = new StatisticsAccumulator(names.get(t), (long) n * sizes.get(t), sharedSamples[t]);
                }
                workers[w] = new Worker(this, acc, sizes);
            }
        }

        void start() {
            for (int w = 0; w < workers.length; w++) {
                Thread t = new Thread(workers[w], "cmsis-calibration-" + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void cancel() {
            failedAt.set(-1);
        }

        synchronized void fail(int index, Throwable t) {
            if (index < failureIndex) {
                failureIndex = index;
                failure = t;
            }
            failedAt.accumulateAndGet(index, Math::min);
        }

        synchronized void rethrowFailure() {
            if (failure == null) {
                return;
            }
            if (failure instanceof CalibrationException c) {
                throw c;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            throw new CalibrationException("the float network failed on calibration sample " + failureIndex + ": "
                    + failure.getMessage(), failure);
        }
    }

    /** Takes samples in increasing order until none are left or a lower one failed. */
    private static final class Worker implements Runnable {
        final Run run;
        final StatisticsAccumulator[] accumulators;
        final long[] sizes;

        Worker(Run run, StatisticsAccumulator[] accumulators, List<Integer> sizes) {
            this.run = run;
            this.accumulators = accumulators;
            this.sizes = new long[sizes.size()];
            for (int t = 0; t < this.sizes.length; t++) {
                this.sizes[t] = sizes.get(t);
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    int s = run.next.getAndAdd(BATCH);
                    if (s >= run.n || s > run.failedAt.get()) {
                        return;
                    }
                    int end = Math.min(run.n, s + BATCH);
                    float[][][] batch;
                    try {
                        batch = run.engine.runAllBatch(java.util.Arrays.copyOfRange(run.samples, s, end));
                    } catch (RuntimeException e) {
                        batch = null; // run them one by one below, so the failure names its sample
                    }
                    for (int k = s; k < end; k++) {
                        if (k > run.failedAt.get()) {
                            return;
                        }
                        try {
                            one(k, batch, k - s);
                        } catch (Throwable t) {
                            run.fail(k, t);
                            return;
                        }
                        run.done.incrementAndGet();
                    }
                }
            } finally {
                run.finished.countDown();
            }
        }

        /** Counts sample s, whose tensors are {@code batch[t][b]} (or, without a batch, computed now). */
        private void one(int s, float[][][] batch, int b) {
            float[][] tensors = new float[accumulators.length][];
            if (batch != null) {
                for (int t = 0; t < tensors.length; t++) {
                    tensors[t] = batch[t][b];
                }
            } else {
                Map<String, float[]> all = run.engine.runAll(run.samples[s]);
                for (int t = 0; t < tensors.length; t++) {
                    tensors[t] = all.get(run.names.get(t));
                }
            }
            for (int t = 0; t < accumulators.length; t++) {
                String name = run.names.get(t); // graph order, as the engine computes them
                float[] values = tensors[t];
                int bad = accumulators[t].add(values, s * sizes[t]);
                if (bad >= 0) {
                    throw new CalibrationException("layer '" + name + "' produced " + values[bad] + " (value " + bad
                            + ") on calibration sample " + s + " (counting from 0): the float network overflows or is "
                            + "undefined on that input; check the layer's weights and the calibration data's scaling");
                }
            }
        }
    }
}
