package io.cmsisnn.toolchain;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where {@code gcc -c} in a directory puts each source's object: its base name with .o. */
final class ObjectFiles {
    private ObjectFiles() {
    }

    /** @throws ToolchainException when two sources share a base name, since their objects would collide */
    static Map<Path, Path> of(List<Path> sources, Path directory) {
        Map<Path, Path> objects = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Path s : sources) {
            String base = s.getFileName().toString();
            String object = base.substring(0, base.length() - 2) + ".o";
            if (!names.add(object)) {
                throw new ToolchainException("two C files of the " + directory.getFileName() + " build are named " + base + " (" + s
                        + "): the build needs unique file names");
            }
            objects.put(s, directory.resolve(object));
        }
        return objects;
    }
}
