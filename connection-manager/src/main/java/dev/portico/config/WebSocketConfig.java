package dev.portico.config;

import java.time.Duration;

/**
 * The RFC 7395 WebSocket endpoint.
 *
 * @param path         where the endpoint is mounted
 * @param pingInterval how often an idle connection is pinged so proxies keep it open
 * @param maxFrameSize biggest WebSocket frame accepted from a browser, in bytes
 */
public record WebSocketConfig(String path, Duration pingInterval, int maxFrameSize) {
    /** The defaults: {@code /xmpp-websocket}, ping every 30 s (below nginx's 60 s idle timeout), 256 KiB frames. */
    public static final WebSocketConfig DEFAULTS = new WebSocketConfig("/xmpp-websocket", Duration.ofSeconds(30), 256 << 10);

    public WebSocketConfig {
        Checks.endpointPath("websocket.path", path);
        Checks.positive("websocket.ping-interval", pingInterval);
        Checks.atLeast("websocket.max-frame-size", maxFrameSize, 1);
    }
}
