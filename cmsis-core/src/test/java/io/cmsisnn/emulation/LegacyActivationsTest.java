package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LegacyActivationsTest {
    private static final Path TABLES_C =
            Paths.get("..", "cmsis-nn", "src", "main", "c", "Source", "Legacy", "cnn_legacy_tables.c");

    @Test
    void tableEntriesFromTheDefinitions() {
        // index i is x = (byte) i / 16
        assertThat(LegacyTables.sigmoidQ7(0)).isEqualTo((byte) 64); // 0.5 * 128
        assertThat(LegacyTables.sigmoidQ7(1)).isEqualTo((byte) 66); // sigmoid(1/16) * 128 = 65.9997
        assertThat(LegacyTables.tanhQ7(1)).isEqualTo((byte) 8); // tanh(1/16) * 128 = 7.98
        assertThat(LegacyTables.tanhQ7(128)).isEqualTo((byte) -128); // tanh(-8) * 128 = -127.99997
        assertThat(LegacyTables.sigmoidQ15(0)).isEqualTo((short) 16384);
        assertThat(LegacyTables.tanhQ15(1)).isEqualTo((short) 2045); // 0.0624188 * 32768 = 2045.35
        assertThat(LegacyTables.sigmoidQ15(128)).isEqualTo((short) 11); // sigmoid(-8) * 32768 = 10.99
        assertThat(LegacyTables.tanhQ15(127)).isEqualTo((short) 32767); // clamped
    }

    @Test
    void bundledCTablesHoldTheSameNumbers() throws Exception {
        Needs.that(Files.isRegularFile(TABLES_C), "C sources not found");
        String src = Files.readString(TABLES_C);
        assertThat(cTable(src, "cnn_legacy_sigmoid_q7")).isEqualTo(javaTable(0));
        assertThat(cTable(src, "cnn_legacy_tanh_q7")).isEqualTo(javaTable(1));
        assertThat(cTable(src, "cnn_legacy_sigmoid_q15")).isEqualTo(javaTable(2));
        assertThat(cTable(src, "cnn_legacy_tanh_q15")).isEqualTo(javaTable(3));
    }

    @Test
    void directQ7IndexesByTheQ34Value() {
        // Q0.7 input 16 = 0.125: >> 3 gives index 2 (x = 2/16); sigmoid(0.125) * 128 = 68.0
        // Q3.4 input -16 = -1.0: index 240; tanh(-1) * 128 = -97.48 -> -97
        byte[] d = {16, 0};
        LegacyActivations.activationsDirectQ7(d, 2, 0, LegacyActivations.Type.SIGMOID);
        assertThat(d).containsExactly(68, 64);
        byte[] t = {-16};
        LegacyActivations.activationsDirectQ7(t, 1, 3, LegacyActivations.Type.TANH);
        assertThat(t).containsExactly(-97);
    }

    @Test
    void directQ15InterpolatesBetweenEntries() {
        // Q3.12, s = 8: 384 = index 1 + 128/256; (128 * t[1] + 128 * t[2]) >> 8 = (16896 + 17407) / 2 floored
        // -128 = index -1 (255) + 128/256: halfway from t[255] = 15872 to t[0] = 16384 -> 16128
        // 32767 = index 127: no right neighbour, t[127] = 32756
        short[] d = {384, -128, 32767};
        LegacyActivations.activationsDirectQ15(d, 3, 3, LegacyActivations.Type.SIGMOID);
        assertThat(d).containsExactly(17151, 16128, 32756);
    }

    @Test
    void relu() {
        byte[] b = {-128, -1, 0, 1, 127};
        LegacyActivations.reluQ7(b, 4); // size limits the elements touched
        assertThat(b).containsExactly(0, 0, 0, 1, 127);
        short[] s = {-32768, 5};
        LegacyActivations.reluQ15(s, 2);
        assertThat(s).containsExactly(0, 5);
    }

    private static List<Integer> cTable(String src, String name) {
        Matcher m = Pattern.compile(name + "\\[256\\] = \\{([^}]*)\\}").matcher(src);
        assertThat(m.find()).as(name).isTrue();
        List<Integer> out = new ArrayList<>();
        for (String v : m.group(1).split(",")) {
            if (!v.isBlank()) {
                out.add(Integer.parseInt(v.trim()));
            }
        }
        return out;
    }

    private static List<Integer> javaTable(int which) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            switch (which) {
                case 0:
                    out.add((int) LegacyTables.sigmoidQ7(i));
                    break;
                case 1:
                    out.add((int) LegacyTables.tanhQ7(i));
                    break;
                case 2:
                    out.add((int) LegacyTables.sigmoidQ15(i));
                    break;
                default:
                    out.add((int) LegacyTables.tanhQ15(i));
                    break;
            }
        }
        return out;
    }
}
