package io.cmsisnn.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.quant.LayerPrecision;
import java.io.File;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@code layerPrecision} as Maven's own configurator (sisu-plexus, the one Maven 3.8 and 3.9 run)
 * fills it from the pom's XML, and as the goal turns it into the core's map.
 */
class LayerPrecisionParameterTest {

    /** The goal configured from {@code <configuration>} XML as Maven does it. */
    private static GenerateMojo configured(String xml) throws Exception {
        GenerateMojo mojo = new GenerateMojo();
        ClassWorld world = new ClassWorld("test", LayerPrecisionParameterTest.class.getClassLoader());
        new BasicComponentConfigurator().configureComponent(mojo,
                new XmlPlexusConfiguration(Xpp3DomBuilder.build(new StringReader("<configuration>" + xml + "</configuration>"))),
                world.getRealm("test"));
        mojo.model = new File("net.onnx");
        mojo.scheme = "s8";
        mojo.rangeMethod = "minmax";
        mojo.dataLayout = "auto";
        mojo.roundingMode = "default";
        mojo.weightQuantization = "per-channel";
        return mojo;
    }

    @Test
    void layersWithNameAndPrecisionElementsReachTheSettings() throws Exception {
        GenerateMojo mojo = configured("<layerPrecision>"
                + "<layer><name>/blocks/blocks.1/relu_1/Relu</name><precision>s16</precision></layer>"
                + "<layer><name>conv2d_2</name><precision>S16</precision></layer>"
                + "<layer><name>dense</name><precision>s8</precision></layer>"
                + "</layerPrecision>");
        Map<String, LayerPrecision> p = mojo.settings().quantization().layerPrecision();
        assertThat(p).containsExactly(Map.entry("/blocks/blocks.1/relu_1/Relu", LayerPrecision.S16),
                Map.entry("conv2d_2", LayerPrecision.S16), Map.entry("dense", LayerPrecision.S8));
    }

    /** Maven reads no attribute but implementation: the name="..." form leaves the layer without a name. */
    @Test
    void theAttributeFormFailsSayingWhatToWrite() throws Exception {
        assertThatThrownBy(() -> configured("<layerPrecision><layer name=\"conv2d_2\"><precision>s16</precision></layer>"
                + "</layerPrecision>").settings()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("<layer><name>conv2d_2</name><precision>s16</precision></layer>")
                .hasMessageContaining("name=\"...\"");
    }

    /** What -Dcmsis.layerPrecision=... gives the configurator: one value, split at commas into name=precision items. */
    @Test
    void theOneValueFormIsSplitIntoLayers() throws Exception {
        GenerateMojo mojo = configured("<layerPrecision>conv2d_2=s16, /blocks/blocks.2/Add=s16</layerPrecision>");
        assertThat(mojo.settings().quantization().layerPrecision()).containsExactly(
                Map.entry("/blocks/blocks.2/Add", LayerPrecision.S16), Map.entry("conv2d_2", LayerPrecision.S16));
    }

    @Test
    void aValueWithoutPrecisionFailsSayingWhatToWrite() throws Exception {
        assertThatThrownBy(() -> configured("<layerPrecision>conv2d_2</layerPrecision>").settings())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("conv2d_2=s16");
    }

    @Test
    void aLayerNamedTwiceFails() throws Exception {
        GenerateMojo mojo = configured("");
        mojo.layerPrecision = List.of(new Layer("conv2d_2", "s16"), new Layer("conv2d_2", "s8"));
        assertThatThrownBy(mojo::settings).isInstanceOf(ConfigurationException.class).hasMessageContaining("'conv2d_2' twice");
    }

    @Test
    void anUnknownPrecisionNamesTheLayer() throws Exception {
        GenerateMojo mojo = configured("");
        mojo.layerPrecision = List.of(new Layer("conv2d_2", "int16"));
        assertThatThrownBy(mojo::settings).isInstanceOf(ConfigurationException.class).hasMessageContaining("conv2d_2")
                .hasMessageContaining("s8 or s16");
    }

    @Test
    void noLayerPrecisionIsAnEmptyMap() throws Exception {
        assertThat(configured("").settings().quantization().layerPrecision()).isEmpty();
    }
}
