package io.cmsisnn.pipeline;

import io.cmsisnn.codegen.CodeGenerator;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.codegen.NetworkWriter;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.passes.GraphLowering;
import java.nio.file.Path;

/** The {@code generate} goal: model file in, C network out. */
public final class Generator {
    private final BuildLog log;

    public Generator(BuildLog log) {
        this.log = log;
    }

    /** Imports, lowers and generates the network in memory, writing nothing. */
    public Conversion convert(ConversionSettings settings) {
        Scheme scheme = Scheme.parse(settings.scheme());
        Graph imported = new ModelImporter().load(settings.model());
        Graph lowered = new GraphLowering().lower(imported);
        GeneratedNetwork network = new CodeGenerator().generate(lowered, settings.resolvedNetworkName(),
                settings.model().getFileName().toString());
        return new Conversion(scheme, imported, lowered, network);
    }

    /** Converts the model and writes the C files into {@code outputDirectory}, whole or not at all. */
    public Conversion generate(ConversionSettings settings, Path outputDirectory) {
        Conversion conversion = convert(settings);
        new NetworkWriter().write(conversion.network(), outputDirectory);
        log.info(String.format("cmsis: %s: %d layers imported, %d generated (scheme %s, %d weight bytes, %d activation bytes) -> %s",
                settings.model().getFileName(), conversion.imported().nodes().size(), conversion.lowered().nodes().size(),
                conversion.scheme().id(), conversion.network().weightBytes(), conversion.network().activationBytes(),
                outputDirectory));
        return conversion;
    }
}
