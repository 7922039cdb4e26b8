package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.testing.Needs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated C helpers ({@code cnn_ops.c}) against {@link FixedLoops}, element for element, on
 * seeded random calls of every function in q7 and q15. The C is built with the host gcc and strict
 * warnings (no {@code -fwrapv}: the code must not rely on it), once plain and once under the address
 * and undefined-behaviour sanitizers. This shows the two agree; {@link FixedLoopsTest} is the
 * independent evidence that they are right.
 */
class FixedLoopsCrossCheckTest {
    private static final String RESOURCES = "/io/cmsisnn/codegen/fixed/";
    private static final List<String> STRICT = List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
            "-pedantic", "-Wconversion", "-Wsign-conversion");
    private static final List<String> SANITIZE = List.of("-fsanitize=address,undefined",
            "-fno-sanitize-recover=all");
    private static final int PER_FUNCTION = 14; // x 13 functions x 2 widths = 364 calls per build

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sanitized={0}")
    @ValueSource(booleans = {false, true})
    void cHelpersMatchJavaTwin(boolean sanitized) throws Exception {
        assumeGcc();
        List<String> extra = sanitized ? SANITIZE : List.of();
        if (sanitized) {
            Needs.that(sanitizersWork(), "gcc sanitizer runtimes are not installed");
        }
        Path exe = build(extra);
        List<OpsCase> cases = new Generator(20240901L + (sanitized ? 1 : 0)).cases(PER_FUNCTION);
        StringBuilder input = new StringBuilder();
        for (OpsCase c : cases) {
            c.write(input);
        }
        List<String> lines = run(exe, input.toString());

        Map<String, Integer> perFunction = new HashMap<>();
        int line = 0;
        for (OpsCase c : cases) {
            List<int[]> arrays = c.copyArrays();
            c.emulation.accept(arrays);
            for (int i = 0; i < arrays.size(); i++) {
                if (!c.intArrays[i]) {
                    assertThat(lines.get(line++)).as("array %d of %s", i, c).isEqualTo(render(arrays.get(i)));
                }
            }
            perFunction.merge(c.name + "/" + c.bits, 1, Integer::sum);
        }
        assertThat(line).isEqualTo(lines.size());
        assertThat(perFunction).hasSize(26).allSatisfy((k, v) -> assertThat(v).isEqualTo(PER_FUNCTION));
    }

    /** The generator renames the prefix textually; afterwards nothing of the old name may remain. */
    @Test
    void renamedPrefixIsTheOnlyExportedName() throws Exception {
        assumeGcc();
        for (String file : new String[] {"cnn_ops.h", "cnn_ops.c"}) {
            String text = resource(file).replace("cnn_ops", "mynet_ops").replace("CNN_OPS", "MYNET_OPS");
            assertThat(text.toLowerCase()).as(file).doesNotContain("cnn");
            Files.writeString(dir.resolve(file.replace("cnn_ops", "mynet_ops")), text);
        }
        List<String> cmd = new ArrayList<>(STRICT);
        cmd.addAll(List.of("-c", dir.resolve("mynet_ops.c").toString(), "-o", dir.resolve("mynet_ops.o").toString()));
        exec(cmd);
        String symbols = exec(List.of("nm", "-g", "--defined-only", dir.resolve("mynet_ops.o").toString()));
        List<String> names = new ArrayList<>();
        for (String l : symbols.split("\n")) {
            if (!l.isBlank()) {
                names.add(l.trim().replaceAll(".* ", ""));
            }
        }
        assertThat(names).hasSize(13).allSatisfy(n -> assertThat(n).startsWith("mynet_ops_"));
    }

    // ---- build and run --------------------------------------------------------------------------

    private Path build(List<String> extra) throws Exception {
        Files.writeString(dir.resolve("cnn_ops.h"), resource("cnn_ops.h"));
        Files.writeString(dir.resolve("cnn_ops.c"), resource("cnn_ops.c"));
        Files.writeString(dir.resolve("ops_driver.c"), DRIVER);
        List<String> ops = new ArrayList<>(STRICT);
        ops.addAll(extra);
        ops.addAll(List.of("-c", dir.resolve("cnn_ops.c").toString(), "-o", dir.resolve("cnn_ops.o").toString()));
        exec(ops);
        Path exe = dir.resolve("ops_driver");
        List<String> link = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
                "-pedantic", "-I" + dir));
        link.addAll(extra);
        link.addAll(List.of(dir.resolve("ops_driver.c").toString(), dir.resolve("cnn_ops.o").toString(), "-o",
                exe.toString()));
        exec(link);
        return exe;
    }

    private static String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", cmd, log).isZero();
        return log;
    }

    private List<String> run(Path exe, String input) throws Exception {
        Path in = dir.resolve("cases.txt");
        Path err = dir.resolve("stderr.txt");
        Files.writeString(in, input);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(in.toFile()).redirectError(err.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("driver failed:%n%s", Files.readString(err)).isZero();
        List<String> lines = new ArrayList<>(Arrays.asList(out.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last newline
        return lines;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FixedLoopsCrossCheckTest.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean sanitizersWork() {
        try {
            Path d = Files.createTempDirectory("ops-san");
            Path c = Files.writeString(d.resolve("probe.c"), "int main(void) { return 0; }\n");
            Process p = new ProcessBuilder(List.of("gcc", "-fsanitize=address,undefined", c.toString(), "-o",
                    d.resolve("probe").toString())).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return false;
            }
            Process q = new ProcessBuilder(d.resolve("probe").toString()).redirectErrorStream(true).start();
            q.getInputStream().readAllBytes();
            return q.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assumeGcc() {
        io.cmsisnn.testing.CPrograms.assumeGcc();
    }

    static String render(int[] a) {
        StringBuilder sb = new StringBuilder();
        if (a != null) {
            for (int v : a) {
                sb.append(sb.length() == 0 ? "" : " ").append(v);
            }
        }
        return sb.toString();
    }

    // ---- cases ------------------------------------------------------------------------------------

    /**
     * One call: the driver's function name, the element width, whether the output is the (first data)
     * input, the scalars, the arrays (null for a NULL pointer; int arrays are passed as {@code int *},
     * the others as elements of {@code bits}) and the Java twin of the call.
     */
    static final class OpsCase {
        final String name;
        final int bits;
        final boolean inPlace;
        final int[] scalars;
        final List<int[]> arrays;
        final boolean[] intArrays;
        final Consumer<List<int[]>> emulation;

        OpsCase(String name, int bits, boolean inPlace, int[] scalars, List<int[]> arrays, boolean[] intArrays,
                Consumer<List<int[]>> emulation) {
            this.name = name;
            this.bits = bits;
            this.inPlace = inPlace;
            this.scalars = scalars;
            this.arrays = arrays;
            this.intArrays = intArrays;
            this.emulation = emulation;
        }

        List<int[]> copyArrays() {
            List<int[]> out = new ArrayList<>();
            for (int[] a : arrays) {
                out.add(a == null ? null : a.clone());
            }
            return out;
        }

        /** {@code NAME BITS INPLACE NS s.. NA} then per array {@code INT? LEN v..}; LEN -1 is NULL. */
        void write(StringBuilder sb) {
            sb.append(name).append(' ').append(bits).append(' ').append(inPlace ? 1 : 0).append(' ')
                    .append(scalars.length);
            for (int s : scalars) {
                sb.append(' ').append(s);
            }
            sb.append(' ').append(arrays.size());
            for (int i = 0; i < arrays.size(); i++) {
                int[] a = arrays.get(i);
                sb.append(' ').append(intArrays[i] ? 1 : 0).append(' ').append(a == null ? -1 : a.length);
                if (a != null) {
                    for (int v : a) {
                        sb.append(' ').append(v);
                    }
                }
            }
            sb.append('\n');
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(sb);
            return sb.length() > 600 ? sb.substring(0, 600) + "..." : sb.toString().trim();
        }
    }

    /** Seeded random calls with small shapes, random strides, paddings, dilations and shifts. */
    static final class Generator {
        private final Random rnd;

        Generator(long seed) {
            rnd = new Random(seed);
        }

        List<OpsCase> cases(int perFunction) {
            List<OpsCase> out = new ArrayList<>();
            for (int i = 0; i < perFunction; i++) {
                for (int bits : new int[] {8, 16}) {
                    out.add(conv(bits));
                    out.add(depthwise(bits));
                    out.add(pool(bits));
                    out.add(globalPool(bits));
                    out.add(add(bits));
                    out.add(concat(bits));
                    out.add(requantize(bits));
                    out.add(clamp(bits));
                    out.add(leakyRelu(bits));
                    out.add(scaleShift(bits));
                    out.add(pad(bits));
                    out.add(upsample(bits));
                    out.add(dense(bits));
                }
            }
            return out;
        }

        private int between(int lo, int hi) {
            return lo + rnd.nextInt(hi - lo + 1);
        }

        /** Elements of {@code bits}; often from a narrower range so that results do not all saturate. */
        private int[] values(int n, int bits) {
            int width = new int[] {3, bits / 2, bits - 2, bits}[rnd.nextInt(4)];
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextInt(1 << width) - (1 << (width - 1));
            }
            return v;
        }

        /** What the C output buffer holds before the call, so unwritten elements show up. */
        private static int[] sentinel(int n, int bits) {
            int[] v = new int[n];
            Arrays.fill(v, bits == 8 ? 0x55 : 0x5555);
            return v;
        }

        /** Mostly small, sometimes anything in 0..31 (wrapping sums, huge rounding halves). */
        private int shift(int typical) {
            return rnd.nextInt(6) == 0 ? between(0, 31) : between(0, typical);
        }

        private int signedShift() {
            return rnd.nextInt(6) == 0 ? between(-31, 31) : between(-9, 9);
        }

        /** {in, k, stride, dil, padBefore, out}: padding up to the whole dilated window, out >= 1. */
        private int[] axis(boolean unit, int maxIn, int maxK, boolean dilate) {
            while (true) {
                int in = unit ? 1 : between(1, maxIn);
                int k = unit ? 1 : between(1, maxK);
                int stride = between(1, 3);
                int dil = dilate && k > 1 ? between(1, 3) : 1;
                int span = (k - 1) * dil + 1;
                int before = between(0, span);
                int after = between(0, span);
                int n = in + before + after - span;
                if (n >= 0) {
                    return new int[] {in, k, stride, dil, before, n / stride + 1};
                }
            }
        }

        private static boolean[] flags(int n, int... intIndices) {
            boolean[] f = new boolean[n];
            for (int i : intIndices) {
                f[i] = true;
            }
            return f;
        }

        private OpsCase conv(int bits) {
            boolean oneD = rnd.nextInt(4) == 0;
            int[] y = axis(oneD, 6, 3, true);
            int[] x = axis(false, 7, 4, true);
            int groups = between(1, 3);
            int inC = groups * between(1, 3);
            int outC = groups * between(1, 3);
            int[] s = {y[0], x[0], inC, outC, y[1], x[1], y[2], x[2], y[3], x[3], y[4], x[4], groups,
                shift(bits), shift(2 * bits - 2), y[5], x[5]};
            List<int[]> a = Arrays.asList(values(y[0] * x[0] * inC, bits),
                    values(outC * y[1] * x[1] * (inC / groups), bits), rnd.nextInt(5) == 0 ? null : values(outC, bits),
                    sentinel(y[5] * x[5] * outC, bits));
            return new OpsCase("conv", bits, false, s, a, flags(4), v -> FixedLoops.conv(v.get(0), s[0], s[1], s[2],
                    v.get(1), v.get(2), s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14],
                    v.get(3), s[15], s[16], bits));
        }

        private OpsCase depthwise(int bits) {
            boolean oneD = rnd.nextInt(4) == 0;
            int[] y = axis(oneD, 6, 3, true);
            int[] x = axis(false, 7, 4, true);
            int inC = between(1, 4);
            int mult = between(1, 3);
            int[] s = {y[0], x[0], inC, mult, y[1], x[1], y[2], x[2], y[3], x[3], y[4], x[4], shift(bits),
                shift(2 * bits - 2), y[5], x[5]};
            List<int[]> a = Arrays.asList(values(y[0] * x[0] * inC, bits), values(y[1] * x[1] * inC * mult, bits),
                    rnd.nextInt(5) == 0 ? null : values(inC * mult, bits), sentinel(y[5] * x[5] * inC * mult, bits));
            return new OpsCase("depthwise", bits, false, s, a, flags(4), v -> FixedLoops.depthwise(v.get(0), s[0],
                    s[1], s[2], v.get(1), v.get(2), s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12],
                    s[13], v.get(3), s[14], s[15], bits));
        }

        private OpsCase pool(int bits) {
            boolean oneD = rnd.nextInt(4) == 0;
            int[] y = axis(oneD, 6, 3, false);
            int[] x = axis(false, 7, 4, false);
            int ch = between(1, 4);
            int[] s = {y[0], x[0], ch, y[1], x[1], y[2], x[2], y[4], x[4], rnd.nextInt(2), rnd.nextInt(2), y[5],
                x[5]};
            List<int[]> a = Arrays.asList(values(y[0] * x[0] * ch, bits), sentinel(y[5] * x[5] * ch, bits));
            return new OpsCase("pool", bits, false, s, a, flags(2), v -> FixedLoops.pool(v.get(0), s[0], s[1], s[2],
                    s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], v.get(1), s[11], s[12], bits));
        }

        private OpsCase globalPool(int bits) {
            int hw = between(1, 24);
            int ch = between(1, 5);
            int[] s = {hw, ch, rnd.nextInt(2)};
            List<int[]> a = Arrays.asList(values(hw * ch, bits), sentinel(ch, bits));
            return new OpsCase("global_pool", bits, false, s, a, flags(2),
                v -> FixedLoops.globalPool(v.get(0), s[0], s[1], s[2], v.get(1), bits));
        }

        private OpsCase add(int bits) {
            int n = between(1, 4);
            int size = between(1, 20);
            boolean inPlace = rnd.nextInt(3) == 0;
            int[] shifts = new int[n];
            List<int[]> a = new ArrayList<>();
            a.add(shifts);
            for (int k = 0; k < n; k++) {
                shifts[k] = signedShift();
                a.add(values(size, bits));
            }
            a.add(sentinel(size, bits));
            int[] s = {n, size};
            return new OpsCase("add", bits, inPlace, s, a, flags(a.size(), 0), v -> {
                int[][] ins = v.subList(1, 1 + n).toArray(new int[0][]);
                FixedLoops.add(ins, v.get(0), n, size, inPlace ? ins[0] : v.get(n + 1), bits);
            });
        }

        private OpsCase concat(int bits) {
            int n = between(1, 4);
            int outer = between(1, 4);
            int[] inner = new int[n];
            int[] shifts = new int[n];
            List<int[]> a = new ArrayList<>(List.of(inner, shifts));
            int total = 0;
            for (int k = 0; k < n; k++) {
                inner[k] = between(1, 6);
                shifts[k] = rnd.nextInt(3) == 0 ? 0 : signedShift();
                total += inner[k];
                a.add(values(outer * inner[k], bits));
            }
            a.add(sentinel(outer * total, bits));
            int[] s = {n, outer};
            return new OpsCase("concat", bits, false, s, a, flags(a.size(), 0, 1), v -> FixedLoops.concat(
                    v.subList(2, 2 + n).toArray(new int[0][]), v.get(0), v.get(1), n, outer, v.get(n + 2), bits));
        }

        private OpsCase elementwise(String name, int bits, int[] s, Consumer<List<int[]>> inPlaceCall,
                Consumer<List<int[]>> call) {
            boolean inPlace = rnd.nextInt(3) == 0;
            List<int[]> a = Arrays.asList(values(s[0], bits), sentinel(s[0], bits));
            return new OpsCase(name, bits, inPlace, s, a, flags(2), inPlace ? inPlaceCall : call);
        }

        private OpsCase requantize(int bits) {
            int[] s = {between(1, 20), signedShift()};
            return elementwise("requantize", bits, s,
                v -> FixedLoops.requantize(v.get(0), s[0], s[1], v.get(0), bits),
                v -> FixedLoops.requantize(v.get(0), s[0], s[1], v.get(1), bits));
        }

        private OpsCase clamp(int bits) {
            int[] b = values(2, bits);
            if (rnd.nextInt(6) != 0) {
                Arrays.sort(b); // sometimes lo > hi
            }
            int[] s = {between(1, 20), b[0], b[1]};
            return elementwise("clamp", bits, s, v -> FixedLoops.clamp(v.get(0), s[0], s[1], s[2], v.get(0), bits),
                v -> FixedLoops.clamp(v.get(0), s[0], s[1], s[2], v.get(1), bits));
        }

        private OpsCase leakyRelu(int bits) {
            int[] s = {between(1, 20), values(1, 16)[0], shift(15)};
            return elementwise("leaky_relu", bits, s,
                v -> FixedLoops.leakyRelu(v.get(0), s[0], s[1], s[2], v.get(0), bits),
                v -> FixedLoops.leakyRelu(v.get(0), s[0], s[1], s[2], v.get(1), bits));
        }

        private OpsCase scaleShift(int bits) {
            int hw = between(1, 8);
            int ch = between(1, 5);
            boolean inPlace = rnd.nextInt(3) == 0;
            int[] s = {hw, ch, shift(bits), shift(2 * bits - 2)};
            List<int[]> a = Arrays.asList(values(hw * ch, bits), values(ch, bits),
                    rnd.nextInt(5) == 0 ? null : values(ch, bits), sentinel(hw * ch, bits));
            return new OpsCase("scale_shift", bits, inPlace, s, a, flags(4), v -> FixedLoops.scaleShift(v.get(0),
                    s[0], s[1], v.get(1), v.get(2), s[2], s[3], inPlace ? v.get(0) : v.get(3), bits));
        }

        private OpsCase pad(int bits) {
            while (true) {
                int inH = between(1, 5);
                int inW = between(1, 5);
                int ch = between(1, 3);
                int[] s = {inH, inW, ch, between(-1, 3), between(-1, 3), between(-1, 3), between(-1, 3)};
                int outH = inH + s[3] + s[4];
                int outW = inW + s[5] + s[6];
                if (outH < 1 || outW < 1) {
                    continue;
                }
                List<int[]> a = Arrays.asList(values(inH * inW * ch, bits), sentinel(outH * outW * ch, bits));
                return new OpsCase("pad", bits, false, s, a, flags(2), v -> FixedLoops.pad(v.get(0), s[0], s[1],
                        s[2], s[3], s[4], s[5], s[6], v.get(1), bits));
            }
        }

        private OpsCase upsample(int bits) {
            int[] s = {between(1, 4), between(1, 4), between(1, 3), between(1, 3), between(1, 3)};
            List<int[]> a = Arrays.asList(values(s[0] * s[1] * s[2], bits),
                    sentinel(s[0] * s[3] * s[1] * s[4] * s[2], bits));
            return new OpsCase("upsample", bits, false, s, a, flags(2),
                v -> FixedLoops.upsample(v.get(0), s[0], s[1], s[2], s[3], s[4], v.get(1), bits));
        }

        private OpsCase dense(int bits) {
            int positions = between(1, 3);
            int in = between(1, 12);
            int out = between(1, 6);
            int[] s = {positions, in, out, shift(bits), shift(2 * bits - 2)};
            List<int[]> a = Arrays.asList(values(positions * in, bits), values(out * in, bits),
                    rnd.nextInt(5) == 0 ? null : values(out, bits), sentinel(positions * out, bits));
            return new OpsCase("dense", bits, false, s, a, flags(4), v -> FixedLoops.dense(v.get(0), s[0], s[1],
                    v.get(1), v.get(2), s[2], s[3], s[4], v.get(3), bits));
        }
    }

    // ---- the C driver -------------------------------------------------------------------------------

    /** Reads {@link OpsCase#write} lines, calls the helper, prints every element array afterwards. */
    private static final String DRIVER = """
            /* Test driver for the fixed-point helpers: see FixedLoopsCrossCheckTest. */
            #include <stdio.h>
            #include <stdlib.h>
            #include <stdint.h>
            #include <string.h>

            #include "cnn_ops.h"

            #define MAX_ITEMS 24

            typedef struct {
                int is_int;
                long len; /* -1: NULL */
                void *data;
            } array_t;

            static long next_long(void)
            {
                long v;
                if (scanf("%ld", &v) != 1) {
                    fprintf(stderr, "bad input\\n");
                    exit(2);
                }
                return v;
            }

            static void *alloc(long n, size_t size)
            {
                void *p = malloc((size_t)(n > 0 ? n : 1) * size);
                if (p == NULL) {
                    exit(3);
                }
                return p;
            }

            int main(void)
            {
                char name[32];
                while (scanf("%31s", name) == 1) {
                    const int bits = (int)next_long();
                    const int in_place = (int)next_long();
                    const int ns = (int)next_long();
                    int s[MAX_ITEMS];
                    array_t a[MAX_ITEMS];
                    const void *ins[MAX_ITEMS];
                    int na, i, first_data = -1, n_ins = 0;
                    long j;
                    void *out;
                    if (ns > MAX_ITEMS) {
                        return 4;
                    }
                    for (i = 0; i < ns; i++) {
                        s[i] = (int)next_long();
                    }
                    na = (int)next_long();
                    if (na < 1 || na > MAX_ITEMS) {
                        return 4;
                    }
                    memset(a, 0, sizeof a);
                    for (i = 0; i < na; i++) {
                        a[i].is_int = (int)next_long();
                        a[i].len = next_long();
                        a[i].data = NULL;
                        if (a[i].len < 0) {
                            continue;
                        }
                        if (a[i].is_int) {
                            a[i].data = alloc(a[i].len, sizeof(int));
                        } else {
                            a[i].data = alloc(a[i].len, bits == 8 ? sizeof(int8_t) : sizeof(int16_t));
                            if (first_data < 0) {
                                first_data = i;
                            }
                        }
                        for (j = 0; j < a[i].len; j++) {
                            const int v = (int)next_long();
                            if (a[i].is_int) {
                                ((int *)a[i].data)[j] = v;
                            } else if (bits == 8) {
                                ((int8_t *)a[i].data)[j] = (int8_t)v;
                            } else {
                                ((int16_t *)a[i].data)[j] = (int16_t)v;
                            }
                        }
                    }
                    /* the output is the last array, or the first element array when in place */
                    if (first_data < 0) {
                        return 4;
                    }
                    out = in_place ? a[first_data].data : a[na - 1].data;
                    for (i = 0; i < na - 1; i++) {
                        if (!a[i].is_int) {
                            ins[n_ins++] = a[i].data;
                        }
                    }
            #define D(k) (a[k].data)
            #define I(k) ((const int *)a[k].data)
                    if (!strcmp(name, "conv")) {
                        cnn_ops_conv(D(0), s[0], s[1], s[2], D(1), D(2), s[3], s[4], s[5], s[6], s[7], s[8], s[9],
                                     s[10], s[11], s[12], s[13], s[14], out, s[15], s[16], bits);
                    } else if (!strcmp(name, "depthwise")) {
                        cnn_ops_depthwise(D(0), s[0], s[1], s[2], D(1), D(2), s[3], s[4], s[5], s[6], s[7], s[8],
                                          s[9], s[10], s[11], s[12], s[13], out, s[14], s[15], bits);
                    } else if (!strcmp(name, "pool")) {
                        cnn_ops_pool(D(0), s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], out,
                                     s[11], s[12], bits);
                    } else if (!strcmp(name, "global_pool")) {
                        cnn_ops_global_pool(D(0), s[0], s[1], s[2], out, bits);
                    } else if (!strcmp(name, "add")) {
                        cnn_ops_add(ins, I(0), s[0], s[1], out, bits);
                    } else if (!strcmp(name, "concat")) {
                        cnn_ops_concat(ins, I(0), I(1), s[0], s[1], out, bits);
                    } else if (!strcmp(name, "requantize")) {
                        cnn_ops_requantize(D(0), s[0], s[1], out, bits);
                    } else if (!strcmp(name, "clamp")) {
                        cnn_ops_clamp(D(0), s[0], s[1], s[2], out, bits);
                    } else if (!strcmp(name, "leaky_relu")) {
                        cnn_ops_leaky_relu(D(0), s[0], s[1], s[2], out, bits);
                    } else if (!strcmp(name, "scale_shift")) {
                        cnn_ops_scale_shift(D(0), s[0], s[1], D(1), D(2), s[2], s[3], out, bits);
                    } else if (!strcmp(name, "pad")) {
                        cnn_ops_pad(D(0), s[0], s[1], s[2], s[3], s[4], s[5], s[6], out, bits);
                    } else if (!strcmp(name, "upsample")) {
                        cnn_ops_upsample(D(0), s[0], s[1], s[2], s[3], s[4], out, bits);
                    } else if (!strcmp(name, "dense")) {
                        cnn_ops_dense(D(0), s[0], s[1], D(1), D(2), s[2], s[3], s[4], out, bits);
                    } else {
                        fprintf(stderr, "unknown function %s\\n", name);
                        return 5;
                    }
                    for (i = 0; i < na; i++) {
                        if (a[i].is_int) {
                            free(a[i].data);
                            continue;
                        }
                        for (j = 0; j < a[i].len; j++) {
                            const int v = bits == 8 ? ((int8_t *)a[i].data)[j] : ((int16_t *)a[i].data)[j];
                            printf(j == 0 ? "%d" : " %d", v);
                        }
                        printf("\\n");
                        free(a[i].data);
                    }
                }
                return 0;
            }
            """;
}
