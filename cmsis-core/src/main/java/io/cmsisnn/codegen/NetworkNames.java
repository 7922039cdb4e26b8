package io.cmsisnn.codegen;

import java.util.Set;

/** The rules every generator applies to a network name: a C identifier that clashes with nothing it is compiled with. */
final class NetworkNames {
    /** Names whose {@code name.h} would shadow a standard C header, or that are C keywords. */
    private static final Set<String> RESERVED = Set.of("assert", "complex", "ctype", "errno", "fenv", "float",
            "inttypes", "iso646", "limits", "locale", "math", "setjmp", "signal", "stdalign", "stdarg", "stdatomic", "stdbool",
            "stddef", "stdint", "stdio", "stdlib", "stdnoreturn", "string", "tgmath", "threads", "time", "uchar", "wchar", "wctype",
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "for", "goto",
            "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
            "typedef", "union", "unsigned", "void", "volatile", "while");

    /** Prefixes of CMSIS-NN's and the bundled kernels' headers and symbols. */
    private static final String[] RESERVED_PREFIXES = {"cmsis_nn", "arm_", "cnn_f32", "cnn_legacy"};

    private NetworkNames() {
    }

    /**
     * @throws CodegenException when {@code networkName} is not a C identifier, or would clash with
     *                          a C header, a keyword or a CMSIS-NN header or symbol; the message suggests a name
     */
    static void check(String networkName) {
        if (!CText.isIdentifier(networkName)) {
            throw new CodegenException("network name '" + networkName + "' is not a C identifier: use letters, digits and '_', not starting with a digit (e.g. '"
                    + suggest(networkName) + "')");
        }
        boolean clash = RESERVED.contains(networkName);
        for (String prefix : RESERVED_PREFIXES) {
            clash |= networkName.startsWith(prefix);
        }
        if (clash) {
            throw new CodegenException("network name '" + networkName + "' would clash with a C library or CMSIS-NN header or symbol: choose another (e.g. '"
                    + networkName + "_net')");
        }
    }

    private static String suggest(String name) {
        String s = CText.identifierPart(name == null ? "" : name, 64);
        return Character.isDigit(s.charAt(0)) ? "n_" + s : s;
    }
}
