package dev.portico.e2e;

import java.nio.file.Path;
import java.nio.file.Paths;

import com.microsoft.playwright.Page;

/** Saves full-page PNGs under {@code target/screenshots/} (the {@code portico.e2e.screenshots} property). */
final class Screenshots {
    private Screenshots() {
    }

    static Path directory() {
        return Paths.get(System.getProperty("portico.e2e.screenshots", "target/screenshots"));
    }

    /** Saves {@code page} as {@code name.png}; returns the file. */
    static Path save(Page page, String name) {
        Path file = directory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(false));
        return file;
    }
}
