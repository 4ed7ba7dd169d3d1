package dev.portico.config;

import java.time.Duration;

/**
 * The XEP-0124/0206 BOSH endpoint. The timers are whole seconds because BOSH announces them as integers.
 *
 * @param path        where the endpoint is mounted
 * @param maxWait     longest {@code wait} granted to a client, in seconds
 * @param maxHold     most requests held at once ({@code hold})
 * @param inactivity  how long a session may have no request pending before it is closed
 * @param maxPause    longest pause a client may ask for
 * @param polling     shortest allowed interval between polling requests
 * @param maxRequests most simultaneous requests ({@code requests}); at least {@code maxHold + 1}
 */
public record BoshConfig(String path, int maxWait, int maxHold, Duration inactivity, Duration maxPause, Duration polling,
        int maxRequests) {

    /**
     * XEP-0124's example values (hold 1, requests 2), except wait: 50 s, not 60, so a held request is always
     * answered before a reverse proxy's default 60 s read timeout (nginx's proxy_read_timeout) cuts it;
     * inactivity 90 s, not 60, because a hidden browser tab's timers may run only once a minute.
     */
    public static final BoshConfig DEFAULTS = new BoshConfig("/http-bind", 50, 1, Duration.ofSeconds(90),
            Duration.ofSeconds(120), Duration.ofSeconds(2), 2);

    public BoshConfig {
        Checks.endpointPath("bosh.path", path);
        Checks.atLeast("bosh.max-wait", maxWait, 1);
        Checks.atLeast("bosh.max-hold", maxHold, 1);
        Checks.wholeSeconds("bosh.inactivity", Checks.positive("bosh.inactivity", inactivity));
        Checks.wholeSeconds("bosh.max-pause", Checks.positive("bosh.max-pause", maxPause));
        Checks.wholeSeconds("bosh.polling", Checks.notNegative("bosh.polling", polling));
        // With requests <= hold a client could never send anything while its held requests wait.
        if (maxRequests < maxHold + 1) {
            throw new ConfigException("bosh.max-requests",
                    "must be at least max-hold + 1 = " + (maxHold + 1) + " (got " + maxRequests + ")");
        }
    }
}
