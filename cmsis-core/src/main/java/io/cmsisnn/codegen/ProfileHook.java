package io.cmsisnn.codegen;

import java.util.List;

/**
 * The per-layer profiling hook of generated network sources: {@code CMSIS_NN_PROFILE_LAYER(i)}
 * after the code of layer i (counted from 0, in graph order, the order of the layers of the verify
 * report). It generates no code unless the build defines it, so firmware that does not profile
 * compiles to the same object code as without the marks.
 */
public final class ProfileHook {
    /** The macro's name: {@value}. */
    public static final String MACRO = "CMSIS_NN_PROFILE_LAYER";

    private ProfileHook() {
    }

    /** The statement that ends layer {@code index}. */
    static String mark(int index) {
        return MACRO + "(" + index + ");";
    }

    /** The explanation and the empty default definition, for the top of {@code name.c}. */
    static String definition(String runFunction, int layers) {
        String range = layers == 1 ? "layer 0" : "layers 0 to " + (layers - 1);
        String text = MACRO + "(layer) ends the code of each layer of " + runFunction + ", " + range + ": layer i is the one"
                + " numbered i + 1 in the comments below and the i-th layer of cmsis:verify's report. Unless the build defines it"
                + " before this file (e.g. with gcc -include of a header that defines it to read a cycle counter), it expands to"
                + " no code and the network runs exactly as without the marks.";
        StringBuilder b = new StringBuilder("/*\n");
        for (String line : CText.paragraphs(List.of(text), CodeGenerator.HEADER_WIDTH)) {
            if (!line.isEmpty()) {
                b.append(" * ").append(line).append('\n');
            }
        }
        return b.append(" */\n#ifndef ").append(MACRO).append("\n#define ").append(MACRO).append("(layer) ((void)0)\n#endif").toString();
    }
}
