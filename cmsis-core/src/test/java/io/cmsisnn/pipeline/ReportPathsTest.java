package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportPathsTest {
    private final Path base = Path.of("/work/project");

    @Test
    void filesAreNamedFromTheBaseDirectory() {
        ReportPaths paths = new ReportPaths(base);
        assertThat(paths.of(Path.of("/work/project/src/main/model/har.h5"))).isEqualTo("src/main/model/har.h5");
        assertThat(paths.of(Path.of("/work/shared/data/x.npy"))).isEqualTo("../shared/data/x.npy");
        assertThat(paths.of(Path.of("/work/project/./data/../data/y.npy"))).isEqualTo("data/y.npy");
        assertThat(paths.of(null)).isNull();
    }

    @Test
    void withoutABaseFilesStayAsGiven() {
        assertThat(new ReportPaths(null).of(Path.of("/abs/x.npy"))).isEqualTo("/abs/x.npy");
    }

    @Test
    void aDescriptionNamesTheFileRelatively() {
        assertThat(new ReportPaths(base).within("/work/project/data/x.npy (HWC)", Path.of("/work/project/data/x.npy")))
                .isEqualTo("data/x.npy (HWC)");
        assertThat(new ReportPaths(base).within("random uniform [-1, 1), seed 7", null)).isEqualTo("random uniform [-1, 1), seed 7");
    }
}
