package io.cmsisnn.codegen;

import io.cmsisnn.graph.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The C sources of one network, ready to write or compile.
 *
 * @param name            the network name: C prefix of every symbol ({@code name_run}) and of the file names
 * @param scheme          the number scheme the code uses ({@code f32})
 * @param files           file name → content, in a stable order: {@code name.h}, {@code name.c},
 *                        {@code name_weights.h}, {@code name_parameters.h}
 * @param inputShape      shape of one input sample (HWC)
 * @param outputShape     shape of one output (HWC)
 * @param weightBytes     bytes of constant weights, biases and per-channel vectors
 * @param activationBytes bytes of the static activation arena
 * @param scratchBytes    bytes of kernel scratch buffers (0 for f32)
 * @param functions       node name → the C function(s) its code calls, in graph order
 */
public record GeneratedNetwork(String name, String scheme, Map<String, String> files, Shape inputShape, Shape outputShape,
                               long weightBytes, long activationBytes, long scratchBytes, Map<String, String> functions) {

    public GeneratedNetwork {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /**
     * The C function a node calls, for the report: e.g. {@code arm_convolve_HWC_f32_nonsquare};
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
    public java.util.List<String> sourceFiles() {
        return files.keySet().stream().filter(f -> f.endsWith(".c")).toList();
    }
}
