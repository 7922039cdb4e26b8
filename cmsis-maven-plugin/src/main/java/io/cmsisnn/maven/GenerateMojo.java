package io.cmsisnn.maven;

import io.cmsisnn.pipeline.Generator;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Converts the model into a C network for CMSIS-NN and adds it to the compile source roots. */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractCmsisMojo {

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("cmsis.skip is set: not generating");
            return;
        }
        run(() -> new Generator(buildLog(), cache()).generateIfStale(settings(), outputDirectory.toPath()));
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    }
}
