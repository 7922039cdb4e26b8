package io.cmsisnn.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.testing.CPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header records the raw-input scaling as constants firmware can compute with. */
class RawInputHeaderTest {
    @TempDir
    Path dir;

    @Test
    void pixelScalingIsRecordedAndEvaluatesInC() throws IOException {
        GeneratedNetwork n = new CodeGenerator().generate(CodeGeneratorTest.convNet("conv2d", CodeGeneratorTest.weights()), "kws", "kws.h5",
                List.of(), new RawInput(1.0 / 255, -0.5));
        String h = n.files().get("kws.h");
        assertThat(h).contains("#define KWS_RAW_INPUT_SCALE 0.00392156862745098").contains("#define KWS_RAW_INPUT_OFFSET -0.5");
        CPrograms.assumeGcc();
        for (Map.Entry<String, String> f : n.files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        // pixel 255 is 255/255 - 0.5 = 0.5 exactly in float; pixel 0 is -0.5
        Files.writeString(dir.resolve("main.c"), """
                #include "kws.h"
                int main(void)
                {
                    float hi = (float)(255 * KWS_RAW_INPUT_SCALE + KWS_RAW_INPUT_OFFSET);
                    float lo = (float)(0 * KWS_RAW_INPUT_SCALE + KWS_RAW_INPUT_OFFSET);
                    return hi == 0.5f && lo == -0.5f ? 0 : 1;
                }
                """);
        Path exe = CPrograms.compile(List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-I" + dir, dir.resolve("main.c").toString()),
                dir.resolve("main"));
        CPrograms.execute(exe, null);
    }
}
