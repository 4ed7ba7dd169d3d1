package dev.portico.web;

import java.util.List;

/**
 * What the status page shows, as plain values (the connection manager fills it in; this module knows no
 * sessions). Every text reaches the page through Thymeleaf's escaping.
 *
 * @param title       page heading
 * @param webSocket   WebSocket sessions open now
 * @param bosh        BOSH sessions open now
 * @param opened      sessions opened since start
 * @param heldBosh    BOSH requests held now
 * @param stanzasTotal stanzas relayed both ways since start
 * @param sessions    live sessions, oldest first
 * @param upstreams   configured domains and how their last connection went
 * @param history     samples over the last hour, oldest first
 */
public record StatusView(String title, long webSocket, long bosh, long opened, long heldBosh, long stanzasTotal,
                         List<SessionRow> sessions, List<UpstreamRow> upstreams, List<Sample> history) {

    /** One live session. */
    public record SessionRow(String transport, String jid, String client, String age, long bytesToServer,
                             long bytesToClient, long queuedBytes) {
    }

    /** One upstream domain: {@code health} is {@code ok}, {@code failing} or {@code unknown} (no attempt yet). */
    public record UpstreamRow(String domain, String health, String lastError, String lastErrorAge) {
    }

    /** One chart point: epoch millis, sessions open, stanzas per second since the previous sample. */
    public record Sample(long atMillis, long sessions, double stanzasPerSecond) {
    }
}
