package io.cmsisnn.engine;

import static io.cmsisnn.engine.GraphFixtures.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine, many threads: every concurrent run gives what a lone run gives. */
class ConcurrentRunsTest {

    @Test
    void parallelRunsMatchSequentialRuns() throws Exception {
        Random r = new Random(7);
        Graph g = new GraphFixtures(new Shape(12, 12, 2))
                .add("conv", new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 2, 12, 1,
                        GraphFixtures.random(r, 12 * 9 * 2), GraphFixtures.random(r, 12), Activation.RELU), INPUT)
                .add("pool", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), "conv")
                .add("dw", new Op.DepthwiseConv2D(3, 3, 1, 1, 1, 1, Padding.NONE, 12, 1,
                        GraphFixtures.random(r, 9 * 12), GraphFixtures.random(r, 12), Activation.LINEAR), "pool")
                .add("flat", new Op.Reshape(Shape.vector(4 * 4 * 12)), "dw")
                .add("dense", new Op.Dense(192, 10, GraphFixtures.random(r, 1920), GraphFixtures.random(r, 10), Activation.LINEAR), "flat")
                .add("soft", new Op.Softmax(), "dense")
                .build("soft");
        FloatEngine engine = new FloatEngine(g);
        List<float[]> inputs = new ArrayList<>();
        List<float[]> alone = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            inputs.add(GraphFixtures.random(r, 12 * 12 * 2));
            alone.add(engine.run(inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int repeat = 0; repeat < 8; repeat++) {
                for (float[] x : inputs) {
                    futures.add(pool.submit(() -> engine.run(x)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(futures.get(k).get()).containsExactly(alone.get(k % inputs.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
