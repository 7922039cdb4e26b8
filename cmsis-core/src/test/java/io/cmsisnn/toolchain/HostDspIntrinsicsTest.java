package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.testing.CPrograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled portable versions of the DSP intrinsics, against values worked out by hand from the
 * instruction definitions (Armv7-M ARM, A7.7): lanes, sign extension, saturation and wrap-around.
 */
class HostDspIntrinsicsTest {
    @TempDir
    Path tmp;

    @Test
    void eachIntrinsicGivesTheHandDerivedValue() throws Exception {
        CPrograms.assumeGcc();
        Path header = new BundledKernels().extractFile("Host/cnn_host_dsp_intrinsics.h", tmp.resolve("cnn_host_dsp_intrinsics.h"));
        String program = """
                #include <inttypes.h>
                #include <stdio.h>
                #include "cnn_host_dsp_intrinsics.h"
                #define P(x) printf("%08" PRIx32 "\\n", (uint32_t)(x))
                int main(void)
                {
                    P(__SXTB16(0x80FF7F01u));
                    P(__SXTB16_RORn(0x80FF7F01u, 8u));
                    P(__SXTAB16(0x00010002u, 0x00FE00FFu));
                    P(__SXTAB16_RORn(0x00010002u, 0xFE00FF00u, 8u));
                    P(__PKHBT(0x11112222u, 0x33334444u, 16));
                    P(__PKHTB(0x11112222u, 0x33334444u, 16));
                    P(__PKHTB(0x11112222u, 0x80004444u, 20));
                    P(__PKHTB(0x11112222u, 0x33334444u, 0));
                    P(__QADD16(0x7FFF8000u, 0x00010001u));
                    P(__QADD16(0x80000001u, 0xFFFF0002u));
                    P(__QSUB16(0x7FFF8000u, 0xFFFF0001u));
                    P(__SADD16(0x7FFF8000u, 0x00010001u));
                    P(__QSUB8(0x807F0102u, 0x01FF0203u));
                    P(__QADD(INT32_MAX, 1));
                    P(__QADD(INT32_MIN, -1));
                    P(__QADD(5, -7));
                    P(__SMLAD(0x00030002u, 0x00050004u, 10u));
                    P(__SMLAD(0x80008000u, 0x80008000u, 0u));
                    P(__SMLAD(0xFFFF0002u, 0x00030004u, 0xFFFFFFFFu));
                    P(__SMUADX(0x00030002u, 0x00050004u));
                    printf("%" PRIu64 "\\n", __SMLALD(0x80008000u, 0x80008000u, 1u));
                    return 0;
                }
                """;
        Path c = Files.writeString(tmp.resolve("t.c"), program);
        Path exe = CPrograms.compile(List.of("-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wconversion",
                "-Wsign-conversion", "-I" + header.getParent(), c.toString()), tmp.resolve("t"));
        List<String> lines = CPrograms.execute(exe, null).lines().toList();
        assertThat(lines).containsExactly(
                "ffff0001", // bytes 0 (0x01 = 1) and 2 (0xFF = -1)
                "ff80007f", // rotated 0x0180FF7F: bytes 0x7F = 127 and 0x80 = -128
                "ffff0001", // 2 + (-1), 1 + (-2)
                "ffff0001", // y rotated by 8 is 0x00FE00FF: the case above
                "44442222", // bottom of x, top of y << 16
                "11113333", // top of x, y >> 16
                "1111f800", // 0x80004444 >> 20 arithmetic = 0xFFFFF800
                "11114444", // no shift: bottom of y
                "7fff8001", // -32768 + 1; 32767 + 1 saturates
                "80000003", // 1 + 2; -32768 - 1 saturates
                "7fff8000", // -32768 - 1 saturates; 32767 + 1 saturates
                "80008001", // modulo: 0x7FFF + 1 wraps to 0x8000
                "807fffff", // 2-3, 1-2, 127-(-1) saturates, -128-1 saturates
                "7fffffff", "80000000", "fffffffe",
                "00000021", // 2*4 + 3*5 + 10 = 33
                "80000000", // 2 * 2^30 = 2^31 wraps, as SMLAD does
                "00000004", // 8 - 3 - 1
                "00000016", // 2*5 + 3*4 = 22
                "2147483649"); // 2^31 + 1 without wrap in 64 bits
    }
}
