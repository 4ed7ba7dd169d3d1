package dev.portico.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;

/**
 * Renders the operator's status page ({@code templates/status.html}) from a {@link StatusView}. Who may see
 * it is the caller's decision; this class only draws it, with the chat page's security headers.
 */
public final class StatusPage {
    private final PageRenderer renderer;
    private final SecurityHeaders security = new SecurityHeaders(List.of());

    public StatusPage() {
        this.renderer = new PageRenderer(StatusPage.class.getClassLoader());
    }

    /** The page's HTML. */
    public String render(StatusView view) {
        Map<String, Object> model = new HashMap<>();
        model.put("v", view);
        model.put("chartWidth", StatusChart.WIDTH);
        model.put("chartHeight", StatusChart.HEIGHT);
        model.put("sessionPoints", StatusChart.points(view.history(), StatusView.Sample::sessions));
        model.put("ratePoints", StatusChart.points(view.history(), StatusView.Sample::stanzasPerSecond));
        model.put("sessionMax", Math.round(StatusChart.max(view.history(), StatusView.Sample::sessions)));
        model.put("rateMax", String.format(Locale.ROOT, "%.1f",
            StatusChart.max(view.history(), StatusView.Sample::stanzasPerSecond)));
        return renderer.render("status", model);
    }

    /** Headers for the page: strict CSP, not framed, not cached. */
    public void headers(HttpFields.Mutable headers) {
        security.page(headers);
    }
}
