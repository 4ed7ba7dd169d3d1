package dev.portico.web;

import java.util.Map;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the Thymeleaf templates under {@code templates/} on the class path. Templates are parsed once
 * and cached; rendering is pure CPU work and safe from any thread. Every value reaches the page through
 * Thymeleaf's escaping ({@code th:text}, attribute processors), never as markup.
 */
final class PageRenderer {
    private final TemplateEngine engine;

    PageRenderer(ClassLoader loader) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(loader);
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        this.engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
    }

    /** The page {@code template} rendered with {@code variables}. */
    String render(String template, Map<String, Object> variables) {
        Context context = new Context();
        context.setVariables(variables);
        return engine.process(template, context);
    }
}
