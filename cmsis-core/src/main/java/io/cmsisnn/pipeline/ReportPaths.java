package io.cmsisnn.pipeline;

import java.nio.file.Path;

/**
 * Names files in the report relative to the project's base directory, so that a report reads the
 * same on every machine that builds the project.
 *
 * @param base the base directory, or null to name files as they were given
 */
record ReportPaths(Path base) {

    /** The file relative to the base directory (with {@code /} separators); null for null. */
    String of(Path file) {
        if (file == null) {
            return null;
        }
        if (base == null) {
            return file.toString();
        }
        try {
            Path relative = base.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
            return relative.toString().replace(java.io.File.separatorChar, '/');
        } catch (IllegalArgumentException e) {
            return file.toString(); // another root (a Windows drive): no relative path exists
        }
    }

    /** {@code text} with the file's name as given replaced by {@link #of}. */
    String within(String text, Path file) {
        if (text == null || file == null) {
            return text;
        }
        return text.replace(file.toString(), of(file));
    }
}
