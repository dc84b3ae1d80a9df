package chat.mindroom.operator.template;

import chat.mindroom.operator.config.OperatorSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the templates once, at startup, so a broken template stops the operator before it serves. */
@Factory
final class TemplateFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateFactory.class);

    @Context
    Templates templates(OperatorSettings settings) {
        Templates templates;
        if (settings.templatesDir() == null || settings.templatesDir().isBlank()) {
            templates = TemplateLoader.fromClasspath();
            LOG.info("Templates: the packaged templates/ ({} tiers)", templates.tiers().all().size());
        } else {
            Path dir = Path.of(settings.templatesDir()).toAbsolutePath().normalize();
            templates = TemplateLoader.fromDirectory(dir);
            LOG.info("Templates: {} ({} tiers)", dir, templates.tiers().all().size());
        }
        return templates;
    }

    @Singleton
    Renderer renderer(Templates templates, OperatorSettings settings) {
        return new Renderer(templates, new RenderSettings(settings.baseDomain(), settings.release()));
    }
}
