package io.cmsisnn.maven;

import io.cmsisnn.pipeline.Generator;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Converts the model into a C network for CMSIS-NN and adds it to the compile source roots. */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractCmsisMojo {

    /**
     * Copy the bundled CMSIS-NN kernel files the network calls into {@code outputDirectory/cmsis-nn/},
     * so that the output folder alone builds with {@code <name>_sources.cmake} or {@code <name>_sources.mk}.
     * Set false when the firmware links its own CMSIS-NN.
     */
    @Parameter(property = "cmsis.copyKernels", defaultValue = "true")
    protected boolean copyKernels;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("cmsis.skip is set: not generating");
            return;
        }
        run(() -> new Generator(buildLog(), cache()).generateIfStale(settings(), outputDirectory.toPath(), copyKernels));
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    }
}
