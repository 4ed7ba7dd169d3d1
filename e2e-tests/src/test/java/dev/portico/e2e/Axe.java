package dev.portico.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import com.microsoft.playwright.Page;

/**
 * Runs axe-core (npm, installed by the static module's build) in a page and reports the serious and
 * critical violations. The script is evaluated through the DevTools protocol, which the page's strict
 * Content-Security-Policy does not block, so the page is checked exactly as served.
 */
final class Axe {
    private static String source;

    private Axe() {
    }

    private static synchronized String source() {
        if (source == null) {
            Path file = Paths.get(System.getProperty("portico.e2e.axe", "../static/node_modules/axe-core/axe.min.js"));
            try {
                source = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core not found at " + file + " (run the static module's build)", e);
            }
        }
        return source;
    }

    /**
     * The serious and critical violations on {@code page} as it is now (hidden elements are not checked),
     * one line each: rule, impact, help and the first offending elements.
     */
    static List<String> seriousViolations(Page page) {
        return seriousViolations(page, new String[0]);
    }

    /** As {@link #seriousViolations(Page)}, within the elements matching {@code selectors} only. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(Page page, String... selectors) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            page.evaluate("() => {\n" + source() + "\n}");
        }
        return (List<String>) page.evaluate("""
            async (selectors) => {
              const context = selectors.length ? { include: selectors.map((s) => [s]) } : document;
              const result = await axe.run(context, { resultTypes: ['violations'] });
              return result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
            }""", List.of(selectors));
    }
}
