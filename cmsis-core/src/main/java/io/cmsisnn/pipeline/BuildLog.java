package io.cmsisnn.pipeline;

/** Where the pipeline reports progress; the Maven plugin passes its own log. */
public interface BuildLog {
    void info(String message);

    void warn(String message);

    BuildLog SILENT = new BuildLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };
}
