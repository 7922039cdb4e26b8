package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelSelectionTest {
    private final KernelSelection selection = new KernelSelection(new BundledKernels());

    private static GeneratedNetwork calling(String function) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("n.h", "#include <stdint.h>\nvoid n_run(const int8_t *in, int8_t *out);\n");
        files.put("n.c", """
                #include "arm_nnfunctions.h"
                #include "n.h"
                /* %1$s in a comment, a string or a prototype does not count: */
                void n_run(const int8_t *in, int8_t *out)
                {
                    %1$s(in, 1, 3, 1073741824, 23, -248, out);
                }
                """.formatted(function));
        return new GeneratedNetwork("n", "s8", files, new Shape(1, 1, 3), new Shape(1, 1, 3), 0, 0, 0, Map.of("softmax", function));
    }

    @Test
    void softmaxNeedsItsFileAndTheHeadersItIncludes() {
        // read off the bundle: cnn_s8_softmax.c includes only cnn_s8_internal.h, which includes cnn_s8_nnfunctions.h;
        // the network includes arm_nnfunctions.h, which includes the legacy and the s8 header; nothing else is called
        assertThat(selection.filesFor(calling("arm_softmax_s8"))).containsExactly("Include/cnn_legacy_nnfunctions.h",
                "Include/arm_nnfunctions.h", "Include/cnn_s8_nnfunctions.h", "Source/S8/cnn_s8_internal.h", "Source/S8/cnn_s8_softmax.c");
    }

    @Test
    void aFunctionNoKernelDefinesIsNamed() {
        assertThatThrownBy(() -> selection.filesFor(calling("arm_softmax_s9"))).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("arm_softmax_s9").hasMessageContaining("'n'");
    }

    @Test
    void exportedSymbolsAreNonStaticDefinitions() {
        String c = """
                int declared(void);
                static int hidden(void) { return 1; }
                typedef struct { int a; } pair;
                const int8_t table[3] = {1, 2, 3};
                int counter;
                extern int elsewhere;
                arm_cmsis_nn_status visible(const int8_t *in,
                                            int8_t *out)
                {
                    if (in) { return declared(); }
                    return hidden();
                }
                """;
        assertThat(KernelSelection.exportedSymbols(c)).containsExactlyInAnyOrder("table", "counter", "visible");
    }
}
