package io.cmsisnn.maven;

/**
 * One {@code <layer>} of the {@code layerPrecision} parameter:
 * {@code <layer><name>conv2d_2</name><precision>s16</precision></layer>}. Maven's configurator fills
 * fields from child elements only (it reads no attributes but {@code implementation}), so the name
 * is an element rather than the {@code name="..."} attribute.
 */
public class Layer {
    /** The layer's name as the report lists it. */
    String name;

    /** {@code s8} or {@code s16}. */
    String precision;

    public Layer() {
    }

    Layer(String name, String precision) {
        this.name = name;
        this.precision = precision;
    }

    /**
     * A layer written as one value, {@code name=precision}, as in
     * {@code -Dcmsis.layerPrecision=conv2d_2=s16,dense=s16}: Maven splits the property at commas and
     * hands each item to this method. The name is what comes before the last '='.
     */
    public void set(String spec) {
        int eq = spec.lastIndexOf('=');
        this.name = eq < 0 ? null : spec.substring(0, eq).trim();
        this.precision = eq < 0 ? null : spec.substring(eq + 1).trim();
    }
}
