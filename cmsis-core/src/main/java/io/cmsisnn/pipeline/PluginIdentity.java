package io.cmsisnn.pipeline;

import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.codegen.CodeGenerator;
import io.cmsisnn.toolchain.BundledKernels;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * What the plugin is, for cache keys: its version and the fingerprints of the jars holding its
 * code and its bundled C kernels, so that a rebuilt snapshot of the same version never reuses a
 * result the old code made.
 */
final class PluginIdentity {
    private PluginIdentity() {
    }

    static String of(BuildCache cache) {
        return CodeGenerator.detectVersion() + " core " + location(cache, codeSource(PluginIdentity.class))
                + " kernels " + location(cache, resourceJar(BundledKernels.ROOT + BundledKernels.INDEX));
    }

    private static Path codeSource(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        try {
            return cs == null || cs.getLocation() == null ? null : Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The jar (or directory) a classpath resource comes from. */
    private static Path resourceJar(String resource) {
        URL url = PluginIdentity.class.getClassLoader().getResource(resource);
        if (url == null) {
            return null;
        }
        String s = url.toString();
        try {
            if (s.startsWith("jar:file:")) {
                return Path.of(new java.net.URI(s.substring(4, s.indexOf("!/"))));
            }
            if (s.startsWith("file:")) {
                Path p = Path.of(url.toURI());
                for (int i = 0; i < resource.split("/").length; i++) {
                    p = p.getParent();
                }
                return p;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** A jar by its content; a classes directory (a development build) by its path and modification times. */
    private static String location(BuildCache cache, Path p) {
        if (p == null) {
            return "unknown";
        }
        return cache.fingerprint(p);
    }
}
