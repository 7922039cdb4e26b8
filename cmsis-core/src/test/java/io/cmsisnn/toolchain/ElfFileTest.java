package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ELF reader against binutils (arm-none-eabi-size, arm-none-eabi-nm), and the footprint taken from it. */
class ElfFileTest {
    @TempDir
    Path dir;

    /** 100 float weights (400 B), an arena of 50 floats (200 B) and 30 q15 of scratch (60 B). */
    private static GeneratedNetwork tables() {
        return CrossTools.handWritten("tab", 1, """
                static const float tab_weights[100] = {1.0f, 2.0f, 3.0f};
                static float tab_arena[50];
                static int16_t tab_scratch[30];
                """, """
                    uint32_t i = (uint32_t)input[0] % 50u;
                    tab_arena[i] = tab_weights[i * 2u] * input[0];
                    tab_scratch[i % 30u] = (int16_t)i;
                    output[0] = tab_arena[(i + 1u) % 50u] + tab_arena[i] + (float)tab_scratch[(i + 7u) % 30u];
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cortex-m3", "cortex-m55"})
    void sectionsAndSymbolsAreThoseBinutilsReads(String target) {
        CrossTools.assumeInstalled();
        CrossBuild build = new CrossToolchain(CortexMTarget.named(target)).build(tables(), dir);
        ElfFile elf = ElfFile.read(build.elf());
        assertThat(elf.machine()).isEqualTo(ElfFile.EM_ARM);

        // size -A: name, size, address of every section it lists
        Map<String, ElfFile.Section> byName = new HashMap<>();
        elf.sections().forEach(s -> byName.put(s.name(), s));
        List<String[]> listed = CrossTools.output("arm-none-eabi-size", "-A", build.elf().toString()).lines()
                .map(l -> l.trim().split("\\s+")).filter(f -> f.length == 3 && f[0].startsWith(".")).toList();
        assertThat(listed).extracting(f -> f[0]).contains(".text", ".rodata", ".data", ".bss");
        for (String[] f : listed) {
            assertThat(byName).containsKey(f[0]);
            assertThat(byName.get(f[0]).size()).as(f[0]).isEqualTo(Long.parseLong(f[1]));
            assertThat(byName.get(f[0]).address()).as(f[0]).isEqualTo(Long.parseLong(f[2]));
        }

        // size -B: text (code and constants), data, bss
        String[] berkeley = CrossTools.output("arm-none-eabi-size", "-B", build.elf().toString()).lines().skip(1).findFirst().orElseThrow()
                .trim().split("\\s+");
        ElfFile.SectionSizes sizes = elf.sizes();
        assertThat(sizes.code() + sizes.readOnlyData()).isEqualTo(Long.parseLong(berkeley[0]));
        assertThat(sizes.data()).isEqualTo(Long.parseLong(berkeley[1]));
        assertThat(sizes.bss()).isEqualTo(Long.parseLong(berkeley[2]));

        // nm -S: address and size of every data object
        int checked = 0;
        for (String line : CrossTools.output("arm-none-eabi-nm", "-S", build.elf().toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !"dDbBrR".contains(f[2])) {
                continue;
            }
            List<ElfFile.Symbol> named = elf.symbols().stream().filter(s -> s.name().equals(f[3])).toList();
            assertThat(named).as(f[3]).anySatisfy(s -> {
                assertThat(s.value()).isEqualTo(Long.parseLong(f[0], 16));
                assertThat(s.size()).isEqualTo(Long.parseLong(f[1], 16));
            });
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theFootprintCountsTheNetworksOwnObjects() {
        CrossTools.assumeInstalled();
        MemoryFootprint m = new CrossToolchain(CortexMTarget.named("cortex-m4")).build(tables(), dir).footprint();
        assertThat(m.weightBytes()).isEqualTo(100 * 4);
        assertThat(m.activationBytes()).isEqualTo(50 * 4);
        assertThat(m.scratchBytes()).isEqualTo(30 * 2);
        assertThat(m.codeBytes()).isPositive().isLessThan(m.program().code());
    }

    @Test
    void aFileThatIsNotElf32LittleEndianIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an ELF file at all, but long enough to have a header".repeat(2));
        assertThatThrownBy(() -> ElfFile.read(text)).isInstanceOf(ToolchainException.class).hasMessageContaining("notes.txt is not an ELF file");
        Path host = Path.of("/bin/true");
        if (Files.isRegularFile(host)) {
            assertThatThrownBy(() -> ElfFile.read(host)).isInstanceOf(ToolchainException.class)
                    .hasMessageContaining("not a 32-bit little-endian ELF file");
        }
        Path truncated = dir.resolve("truncated.elf");
        byte[] header = new byte[64];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 1;
        header[5] = 1;
        header[32] = 0x40; // section headers at 64: past the end
        header[46] = 40;
        header[48] = 3;
        Files.write(truncated, header);
        assertThatThrownBy(() -> ElfFile.read(truncated)).isInstanceOf(ToolchainException.class).hasMessageContaining("truncated.elf")
                .hasMessageContaining("not a valid ELF file");
    }
}
