package io.cmsisnn.codegen;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * FreeMarker templates in one classpath folder, by default {@code io/cmsisnn/codegen/}; later
 * stages that write C of their own (the toolchain's test harnesses) render theirs here too.
 */
public final class Templates {
    private final Configuration configuration;

    Templates() {
        this("/io/cmsisnn/codegen/");
    }

    /** @param folder the classpath folder of the templates, e.g. {@code /io/cmsisnn/toolchain/} */
    public Templates(String folder) {
        configuration = new Configuration(Configuration.VERSION_2_3_35);
        configuration.setClassForTemplateLoading(Templates.class, folder);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setLocale(Locale.ROOT);
        configuration.setTimeZone(TimeZone.getTimeZone("UTC"));
        configuration.setNumberFormat("computer");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
    }

    public String render(String templateName, Map<String, Object> model) {
        try {
            Template template = configuration.getTemplate(templateName);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("code template " + templateName + " failed: " + e.getMessage(), e);
        }
    }
}
