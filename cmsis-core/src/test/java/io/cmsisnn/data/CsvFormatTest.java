package io.cmsisnn.data;

import static io.cmsisnn.data.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsRowsWithoutHeader() throws Exception {
        NdArray a = DataFiles.read(write(dir, "a.csv", "1,2,3\n4.5,-5e-1,6\n"), null);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(1, 2, 3, 4.5, -0.5, 6);
    }

    @Test
    void skipsAHeaderLineBlankLinesAndComments() throws Exception {
        NdArray a = DataFiles.read(write(dir, "h.csv", "# saved by numpy.savetxt\nax,ay,az\n\n1,2,3\r\n4,5,6\n\n"),
                null);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void acceptsSemicolonsWhitespaceAndQuotes() throws Exception {
        assertThat(DataFiles.read(write(dir, "s.csv", "\"a\";\"b\"\n1,5;2\n3;4,25\n"), null).data())
                .containsExactly(1.5, 2, 3, 4.25);
        NdArray w = DataFiles.read(write(dir, "w.csv", "  1   2\t3\n4 5 6  \n"), null);
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(w.data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(DataFiles.read(write(dir, "q.csv", "\"1\",\"2\"\n"), null).data()).containsExactly(1, 2);
    }

    @Test
    void aHeaderMayHaveEmptyFieldsButADataLineMayNot() throws Exception {
        // pandas with index=True writes an empty first header field and the index as column 1
        NdArray a = DataFiles.read(write(dir, "pd.csv", ",ax,ay\n0,1.5,2.5\n1,3.5,4.5\n"), null);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(0, 1.5, 2.5, 1, 3.5, 4.5);
        Path numericHeader = write(dir, "pd2.csv", ",0,1\n0,1.5,2.5\n");
        assertThatThrownBy(() -> DataFiles.read(numericHeader, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(numericHeader + ", line 1, column 1: the value is missing")
                .hasMessageContaining("index=False");
    }

    @Test
    void singleColumnIsAColumnVector() throws Exception {
        NdArray a = DataFiles.read(write(dir, "labels.csv", "label\n3\n1\n4\n"), null);
        assertThat(a.shape()).containsExactly(3, 1);
        assertThat(Labels.labels(a, 3, "labels.csv")).containsExactly(3, 1, 4);
    }

    @Test
    void reportsARaggedRowByLineNumber() throws Exception {
        Path f = write(dir, "r.csv", "x,y,z\n1,2,3\n4,5,6\n7,8\n");
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 4")
                .hasMessageContaining("2 values").hasMessageContaining("has 3");
    }

    @Test
    void reportsTextAfterTheFirstLineAndEmptyFiles() throws Exception {
        Path f = write(dir, "t.csv", "1,2\n3,abc\n");
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 2").hasMessageContaining("column 2")
                .hasMessageContaining("'abc'");
        Path missing = write(dir, "m.csv", "1,,3\n");
        assertThatThrownBy(() -> DataFiles.read(missing, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("column 2");
        Path empty = write(dir, "e.csv", "only,a,header\n");
        assertThatThrownBy(() -> DataFiles.read(empty, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("no numeric rows");
    }

    @Test
    void keepsNanSoThatInputPreparationCanReportIt() throws Exception {
        NdArray a = DataFiles.read(write(dir, "n.csv", "1,2\nnan,4\n"), null);
        assertThat(a.data()[2]).isNaN();
    }
}
