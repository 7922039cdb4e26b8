package io.cmsisnn.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/**
 * An execution configured as Maven hands it to a Mojo: parameters the pom sets hold the pom's
 * value, the others their {@code ${cmsis.x}} expression.
 */
class PropertyOverridesTest {
    private static MojoExecution execution(String schemeValue, String modelValue) throws Exception {
        MojoDescriptor d = new MojoDescriptor();
        d.setGoal("generate");
        d.addParameter(parameter("scheme", "${cmsis.scheme}"));
        d.addParameter(parameter("model", "${cmsis.model}"));
        d.addParameter(parameter("project", "${project}"));
        Xpp3Dom config = new Xpp3Dom("configuration");
        config.addChild(child("scheme", schemeValue));
        config.addChild(child("model", modelValue));
        MojoExecution e = new MojoExecution(d, "generate-cmsis");
        e.setConfiguration(config);
        return e;
    }

    private static Parameter parameter(String name, String expression) {
        Parameter p = new Parameter();
        p.setName(name);
        p.setExpression(expression);
        return p;
    }

    private static Xpp3Dom child(String name, String value) {
        Xpp3Dom c = new Xpp3Dom(name);
        c.setValue(value);
        return c;
    }

    @Test
    void warnsOfAPropertyThePomOverrides() throws Exception {
        Properties user = new Properties();
        user.setProperty("cmsis.scheme", "q7");
        user.setProperty("cmsis.model", "other.h5");
        // the pom sets the scheme; the model is left to its property
        assertThat(PropertyOverrides.warnings(execution("s8", "${cmsis.model}"), user)).singleElement()
                .satisfies(w -> assertThat(w).startsWith("-Dcmsis.scheme=q7 is ignored")
                        .contains("<scheme>s8</scheme>"));
    }

    @Test
    void saysNothingWithoutSuchProperties() throws Exception {
        assertThat(PropertyOverrides.warnings(execution("s8", "m.h5"), new Properties())).isEmpty();
        Properties user = new Properties();
        user.setProperty("cmsis.scheme", "q7");
        assertThat(PropertyOverrides.warnings(execution("${cmsis.scheme}", "m.h5"), user)).isEmpty();
    }
}
