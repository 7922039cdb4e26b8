package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled kernel files one network needs: every C file that defines a symbol the network's C
 * (or an already needed kernel file) names, and every kernel header those files include. Read
 * from the kernel sources themselves, so a kernel moved between files needs no list kept by hand.
 * Nothing is picked by guess: a header no needed file includes (such as the host-only DSP
 * stand-in under {@code Host/}) is left out.
 */
public final class KernelSelection {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern QUOTED_INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s+\"([^\"]+)\"");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern DIRECTIVES = Pattern.compile("(?m)^\\s*#(?:[^\\n]*\\\\\\n)*[^\\n]*$");
    private static final Set<String> NOT_EXPORTED = Set.of("static", "typedef", "extern", "struct", "enum", "union");

    private final Map<String, String> texts = new LinkedHashMap<>();
    /** C file → the symbols it defines for other files (functions and data, not static). */
    private final Map<String, Set<String>> exported = new LinkedHashMap<>();

    /** Reads every file of the bundle once. */
    public KernelSelection(BundledKernels kernels) {
        for (String f : kernels.files()) {
            String text = kernels.read(f);
            texts.put(f, text);
            if (f.endsWith(".c")) {
                exported.put(f, exportedSymbols(code(text)));
            }
        }
    }

    /**
     * The kernel files {@code network} needs, as paths relative to the kernel tree (e.g.
     * {@code Source/S8/cnn_s8_convolve.c}), in the bundle's index order.
     *
     * @throws ToolchainException when the network names a function no bundled file defines
     */
    public List<String> filesFor(GeneratedNetwork network) {
        Set<String> needed = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<String> pendingText = new ArrayList<>();
        for (Map.Entry<String, String> f : network.files().entrySet()) {
            if (f.getKey().endsWith(".c")) {
                pendingText.add(f.getValue());
            }
        }
        while (!pendingText.isEmpty()) {
            names.addAll(identifiers(code(pendingText.remove(pendingText.size() - 1))));
            for (Map.Entry<String, Set<String>> e : exported.entrySet()) {
                if (!needed.contains(e.getKey()) && e.getValue().stream().anyMatch(names::contains)) {
                    needed.add(e.getKey());
                    pendingText.add(texts.get(e.getKey()));
                }
            }
        }
        requireDefined(network, names, needed);

        List<String> headerQueue = new ArrayList<>();
        for (Map.Entry<String, String> f : network.files().entrySet()) {
            headerQueue.addAll(includesOf("", f.getValue(), network.files().keySet()));
        }
        for (String c : needed) {
            headerQueue.addAll(includesOf(c, texts.get(c), Set.of()));
        }
        while (!headerQueue.isEmpty()) {
            String h = headerQueue.remove(headerQueue.size() - 1);
            if (needed.add(h)) {
                headerQueue.addAll(includesOf(h, texts.get(h), Set.of()));
            }
        }
        return texts.keySet().stream().filter(needed::contains).toList();
    }

    /** Every {@code arm_*} call of the network must be defined by some kernel file, else the firmware link would fail later. */
    private void requireDefined(GeneratedNetwork network, Set<String> names, Set<String> needed) {
        Set<String> defined = new HashSet<>();
        needed.forEach(f -> defined.addAll(exported.get(f)));
        List<String> missing = new ArrayList<>();
        for (String function : network.functions().values()) {
            for (String f : function.split("\\+")) {
                String call = f.strip();
                if (call.startsWith("arm_") && names.contains(call) && !defined.contains(call) && !missing.contains(call)) {
                    missing.add(call);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ToolchainException("network '" + network.name() + "' calls " + String.join(", ", missing)
                    + ", which no bundled kernel file defines: the io.cmsisnn:cmsis-nn jar does not match the plugin; "
                    + "use the cmsis-nn of the same plugin version");
        }
    }

    /** Kernel files {@code text} (of file {@code from}) includes in quotes, resolved beside it, then in {@code Include/}. */
    private List<String> includesOf(String from, String text, Set<String> ownFiles) {
        List<String> found = new ArrayList<>();
        Matcher m = QUOTED_INCLUDE.matcher(text);
        String dir = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
        while (m.find()) {
            String name = m.group(1);
            if (ownFiles.contains(name)) {
                continue;
            }
            for (String candidate : List.of(dir + name, "Include/" + name)) {
                if (texts.containsKey(candidate)) {
                    found.add(candidate);
                    break;
                }
            }
        }
        return found;
    }

    /** C text without comments and preprocessor lines: only what the compiler sees as declarations and code. */
    private static String code(String text) {
        return DIRECTIVES.matcher(COMMENTS.matcher(text).replaceAll(" ")).replaceAll(" ");
    }

    private static Set<String> identifiers(String code) {
        Set<String> words = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /**
     * Names defined at file scope and visible to other files: a function definition (head with a
     * parameter list, then a body) or a data definition, unless static, a type or a declaration.
     */
    static Set<String> exportedSymbols(String code) {
        Set<String> names = new HashSet<>();
        StringBuilder head = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (depth > 0) {
                depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
                continue;
            }
            if (ch == '{' || ch == ';') {
                String name = definedName(head.toString(), ch == '{');
                if (name != null) {
                    names.add(name);
                }
                // an initialiser's braces belong to the data definition already named
                head.setLength(0);
                if (ch == '{') {
                    depth = 1;
                }
            } else {
                head.append(ch);
            }
        }
        return names;
    }

    /** @param body whether a brace follows the head (a ';' ends a declaration or a data definition without initialiser) */
    private static String definedName(String head, boolean body) {
        String h = head.strip();
        Matcher first = IDENTIFIER.matcher(h);
        if (h.isEmpty() || !first.lookingAt() || NOT_EXPORTED.contains(first.group()) || h.startsWith("=")) {
            return null;
        }
        int paren = h.indexOf('(');
        int equals = h.indexOf('=');
        int bracket = h.indexOf('[');
        int end = paren >= 0 && (equals < 0 || paren < equals) ? paren
                : bracket >= 0 && (equals < 0 || bracket < equals) ? bracket : equals >= 0 ? equals : h.length();
        if (paren >= 0 && paren == end && (!body || !h.endsWith(")"))) {
            return null; // a prototype, not a definition
        }
        String before = h.substring(0, end).strip();
        Matcher m = IDENTIFIER.matcher(before);
        String last = null;
        int count = 0;
        while (m.find()) {
            last = m.group();
            count++;
        }
        return count >= 2 ? last : null;
    }
}
