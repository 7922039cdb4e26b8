package io.cmsisnn.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Finds {@code -Dcmsis.*} properties that have no effect. Maven gives a parameter set in the pom's
 * {@code <configuration>} that value and ignores the property, which surprises anyone trying a
 * scheme from the command line; a parameter the pom leaves alone keeps its {@code ${cmsis.x}}
 * expression in the execution's configuration.
 */
final class PropertyOverrides {
    private PropertyOverrides() {
    }

    /** One warning per {@code cmsis.*} user property whose parameter the pom sets. */
    static List<String> warnings(MojoExecution execution, Properties userProperties) {
        List<String> out = new ArrayList<>();
        if (execution == null || execution.getMojoDescriptor() == null || execution.getConfiguration() == null
                || execution.getMojoDescriptor().getParameters() == null) {
            return out;
        }
        Xpp3Dom config = execution.getConfiguration();
        for (Parameter p : execution.getMojoDescriptor().getParameters()) {
            String expression = p.getExpression();
            if (expression == null || !expression.startsWith("${cmsis.") || !expression.endsWith("}")) {
                continue;
            }
            String property = expression.substring(2, expression.length() - 1);
            Xpp3Dom child = config.getChild(p.getName());
            if (!userProperties.containsKey(property) || child == null || child.getValue() == null
                    || child.getValue().trim().equals(expression)) {
                continue;
            }
            out.add("-D" + property + "=" + userProperties.getProperty(property) + " is ignored: the pom's <configuration> "
                    + "sets <" + p.getName() + ">" + child.getValue().trim() + "</" + p.getName() + ">; remove it there, or "
                    + "write <" + p.getName() + ">" + expression + "</" + p.getName() + "> with a <properties> default, to "
                    + "choose it on the command line");
        }
        return out;
    }
}
