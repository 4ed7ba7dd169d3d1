package dev.portico.server;

import java.net.SocketAddress;
import java.util.List;

import dev.portico.transport.AddressRange;
import dev.portico.transport.ClientAddresses;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Decides who may read {@code /metrics} ({@code metrics.allow-from}, loopback by default): counters of
 * sessions and errors tell an outsider how busy Portico is and when an attack works.
 *
 * <p>The client is the direct peer; only when the peer is one of {@code http.trusted-proxies} is it the
 * address that proxy names in {@code X-Forwarded-For}. A request that says it was forwarded but does not
 * come from a trusted proxy is refused: it came through a proxy (often on the same host, so from
 * loopback) that was not declared, and whoever sent it is unknown. Immutable, thread-safe.
 */
final class MetricsAccess {
    private final List<AddressRange> allowed;
    private final ClientAddresses clients;

    MetricsAccess(List<String> allowFrom, ClientAddresses clients) {
        this.allowed = allowFrom.stream().map(AddressRange::parse).toList();
        this.clients = clients;
    }

    boolean allows(Request request) {
        HttpFields headers = request.getHeaders();
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        boolean forwarded = headers.contains(HttpHeader.X_FORWARDED_FOR) || headers.contains(HttpHeader.FORWARDED);
        if (forwarded && !clients.isTrustedProxy(peer)) {
            return false;
        }
        String client = clients.of(peer, headers);
        for (AddressRange range : allowed) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
