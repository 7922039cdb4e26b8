package io.cmsisnn.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CTextTest {

    private static float parse(String literal) {
        assertThat(literal).endsWith("f");
        return Float.parseFloat(literal.substring(0, literal.length() - 1));
    }

    @Test
    void literalsRoundTripBitForBit() {
        float[] special = {0f, -0f, 1f, -1f, 0.1f, 1f / 3f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1e-40f, 3.4028235e38f, 16777217f, 2.5e-8f};
        for (float v : special) {
            assertThat(Float.floatToRawIntBits(parse(CText.floatLiteral(v)))).as("%s", v).isEqualTo(Float.floatToRawIntBits(v));
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            float v = Float.intBitsToFloat(r.nextInt());
            if (Float.isFinite(v)) {
                assertThat(Float.floatToRawIntBits(parse(CText.floatLiteral(v)))).isEqualTo(Float.floatToRawIntBits(v));
            }
        }
    }

    @Test
    void literalShapes() {
        assertThat(CText.floatLiteral(-0f)).isEqualTo("-0.0f");
        assertThat(CText.floatLiteral(0.5f)).isEqualTo("0.5f");
        assertThat(CText.floatLiteral(1e-5f)).isEqualTo("1.0E-5f");
        assertThat(CText.boundLiteral(Float.POSITIVE_INFINITY)).isEqualTo("INFINITY");
        assertThat(CText.boundLiteral(Float.NEGATIVE_INFINITY)).isEqualTo("(-INFINITY)");
        assertThat(CText.boundLiteral(-6f)).isEqualTo("(-6.0f)");
    }

    @Test
    void commentsAndIdentifiers() {
        assertThat(CText.comment("a*/b/*c??/\n")).doesNotContain("*/").doesNotContain("/*").doesNotContain("??").doesNotContain("\n");
        assertThat(CText.identifierPart("/features.0/Conv", 40)).isEqualTo("features_0_conv");
        assertThat(CText.identifierPart("***", 40)).isEqualTo("t");
        assertThat(CText.isIdentifier("kws_1")).isTrue();
        assertThat(CText.isIdentifier("1kws")).isFalse();
    }
}
