package dev.portico.e2e;

import java.util.List;
import java.util.function.Supplier;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Takes a screenshot of every open page when a test fails. It runs right after the test method, before
 * {@code @AfterEach} closes the browser contexts (a TestWatcher would run too late).
 */
final class FailureScreenshots implements AfterTestExecutionCallback {
    private final Supplier<List<Page>> pages;

    FailureScreenshots(Supplier<List<Page>> pages) {
        this.pages = pages;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        String test = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        int i = 0;
        for (Page page : pages.get()) {
            i++;
            try {
                if (!page.isClosed()) {
                    Screenshots.save(page, "FAILED-" + test + "-" + i);
                }
            } catch (RuntimeException e) {
                System.err.println("failure screenshot of page " + i + " failed: " + e);
            }
        }
    }
}
