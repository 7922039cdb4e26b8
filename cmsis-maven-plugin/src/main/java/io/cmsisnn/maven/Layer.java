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
}
