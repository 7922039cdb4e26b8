package io.cmsisnn.codegen;

import io.cmsisnn.graph.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C sources of one network, ready to write or compile.
 *
 * @param name            the network name: C prefix of every symbol ({@code name_run}) and of the file names
 * @param scheme          the number scheme the code uses ({@code f32}, {@code q7}, {@code q15})
 * @param files           file name → content, in a stable order: {@code name.h}, {@code name.c},
 *                        {@code name_weights.h}, {@code name_parameters.h} (q7/q15 may add
 *                        {@code name_ops.h}, {@code name_ops.c})
 * @param inputShape      shape of one input sample (HWC)
 * @param outputShape     shape of one output (HWC)
 * @param weightBytes     bytes of constant weights, biases and per-channel vectors
 * @param activationBytes bytes of the static activation arena
 * @param scratchBytes    bytes of kernel scratch buffers (0 for f32; q15 elements × 2 for q7/q15)
 * @param functions       node name → the C function(s) its code calls, in graph order
 * @param compileDefinitions preprocessor macros the sources must be compiled with (each {@code NAME} or
 *                        {@code NAME=value}, passed as {@code -DNAME}), e.g. {@code ARM_MATH_DSP}
 * @param fixedPointIo    true when {@code name_input_t}/{@code name_output_t} are integers (q7, q15):
 *                        the API then also has {@code name_quantize_input} and callers feed floats
 *                        through it and read the raw output integers; false for float I/O (f32)
 * @param profiledLayers  the node whose code each {@link ProfileHook#MACRO}{@code (i)} in {@code name.c} ends, by
 *                        mark index i (the verify report finds a layer's mark by its node name); empty when
 *                        the code has no marks
 */
public record GeneratedNetwork(String name, String scheme, Map<String, String> files, Shape inputShape, Shape outputShape,
                               long weightBytes, long activationBytes, long scratchBytes, Map<String, String> functions,
                               List<String> compileDefinitions, boolean fixedPointIo, List<String> profiledLayers) {

    public GeneratedNetwork {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        compileDefinitions = List.copyOf(compileDefinitions);
        profiledLayers = List.copyOf(profiledLayers);
        for (String d : compileDefinitions) {
            if (!d.matches("[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?")) {
                throw new IllegalArgumentException("not a preprocessor definition: '" + d + "'");
            }
        }
    }

    /** A network without profiling marks. */
    public GeneratedNetwork(String name, String scheme, Map<String, String> files, Shape inputShape, Shape outputShape,
                            long weightBytes, long activationBytes, long scratchBytes, Map<String, String> functions,
                            List<String> compileDefinitions, boolean fixedPointIo) {
        this(name, scheme, files, inputShape, outputShape, weightBytes, activationBytes, scratchBytes, functions, compileDefinitions,
                fixedPointIo, List.of());
    }

    /** A float network: no compile definitions, float I/O, no profiling marks. */
    public GeneratedNetwork(String name, String scheme, Map<String, String> files, Shape inputShape, Shape outputShape,
                            long weightBytes, long activationBytes, long scratchBytes, Map<String, String> functions) {
        this(name, scheme, files, inputShape, outputShape, weightBytes, activationBytes, scratchBytes, functions, List.of(), false,
                List.of());
    }

    /**
     * The C function a node calls, for the report: e.g. {@code cnn_convolve_HWC_f32_nonsquare};
     * several joined by {@code +} when the node needs more than one kind of call; {@code none}
     * when it emits no code (Reshape and Identity share their input's memory).
     *
     * @throws IllegalArgumentException when the network has no node of that name
     */
    public String functionOf(String nodeName) {
        String f = functions.get(nodeName);
        if (f == null) {
            throw new IllegalArgumentException("network '" + name + "' has no layer named '" + nodeName + "'");
        }
        return f;
    }

    /** Name of the header that declares the API ({@code name.h}). */
    public String headerFile() {
        return name + ".h";
    }

    /** Names of the files to compile (the {@code .c} files). */
    public List<String> sourceFiles() {
        return files.keySet().stream().filter(f -> f.endsWith(".c")).toList();
    }
}
