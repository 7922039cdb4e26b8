package io.cmsisnn.importer.keras;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParserTest {

    @Test
    void parsesNestedValuesInOrder() {
        Object v = JsonParser.parse(" {\"b\": [1, -2.5e1, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": []} ");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "c");
        assertThat(list(m.get("b"))).containsExactly(1.0, -25.0, true, false, null);
        assertThat(((Map<?, ?>) m.get("a")).get("x")).isEqualTo("y");
        assertThat(list(m.get("c"))).isEmpty();
    }

    @Test
    void decodesEscapes() {
        assertThat(JsonParser.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\"")).isEqualTo("a\"b\\c/d\n\té\uD83D\uDE00");
    }

    @Test
    void acceptsPythonNonFiniteNumbers() {
        assertThat(list(JsonParser.parse("[NaN, Infinity, -Infinity, 0]")))
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0);
    }

    @Test
    void rejectsMalformedInputWithItsPosition() {
        assertThatThrownBy(() -> JsonParser.parse("{\"a\": 1,}")).isInstanceOf(JsonParser.JsonException.class)
                .hasMessageContaining("at character");
        assertThatThrownBy(() -> JsonParser.parse("[1, 2")).isInstanceOf(JsonParser.JsonException.class);
        assertThatThrownBy(() -> JsonParser.parse("\"open")).isInstanceOf(JsonParser.JsonException.class);
        assertThatThrownBy(() -> JsonParser.parse("{} x")).isInstanceOf(JsonParser.JsonException.class);
        assertThatThrownBy(() -> JsonParser.parse("tru")).isInstanceOf(JsonParser.JsonException.class);
        assertThatThrownBy(() -> JsonParser.parse("")).isInstanceOf(JsonParser.JsonException.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
